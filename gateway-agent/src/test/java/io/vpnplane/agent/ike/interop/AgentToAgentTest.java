package io.vpnplane.agent.ike.interop;

import static io.vpnplane.agent.ike.interop.AgentFixture.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ike.TunnelStatus;
import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.TestNetwork;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two of our agents, each in its own network namespace, over real UDP sockets. */
@Tag("interop")
class AgentToAgentTest {

    @Test
    void twoAgentsEstablishRekeyAndTerminate() throws Exception {
        assumeTrue(HostCommands.runningAsRoot(), "interop tests need root (network namespaces)");
        IkeSaTransforms ike = IkeSaTransforms.of(EncryptionAlgorithm.AES_256_CBC, IntegrityAlgorithm.HMAC_SHA2_256_128,
                DiffieHellmanGroup.MODP_2048);
        ChildSaTransforms esp = new ChildSaTransforms(EncryptionAlgorithm.AES_128_GCM_16, Optional.empty(),
                Optional.of(DiffieHellmanGroup.ECP_256));
        try (TestNetwork network = TestNetwork.create();
             IkeDaemon left = AgentFixture.start(network.left(), AgentFixture.tunnel(network.leftAddress(),
                     network.rightAddress(), network.leftInner(), network.rightInner(), "agent-to-agent", ike, esp,
                     Duration.ofHours(1), Duration.ofSeconds(10), TunnelConfig.StartAction.RESPOND_ONLY));
             IkeDaemon right = AgentFixture.start(network.right(), AgentFixture.tunnel(network.rightAddress(),
                     network.leftAddress(), network.rightInner(), network.leftInner(), "agent-to-agent", ike, esp,
                     Duration.ofHours(1), Duration.ofSeconds(10), TunnelConfig.StartAction.START))) {

            TunnelStatus rightStatus = awaitStatus(right, s -> s.counters().childSaRekeyed() >= 1, Duration.ofSeconds(20));
            TunnelStatus leftStatus = awaitStatus(left, s -> s.childSas().size() == 1, Duration.ofSeconds(5));
            // The rekey initiator drops the old SA only when the DELETE answer arrives, after the responder did.
            awaitStatus(right, s -> s.childSas().size() == 1, Duration.ofSeconds(5));

            assertThat(rightStatus.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
            assertThat(leftStatus.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
            ChildSa l = left.childSas("t1").getFirst();
            ChildSa r = right.childSas("t1").getFirst();
            assertThat(l.inboundSpi()).isEqualTo(r.outboundSpi());
            assertThat(l.keys().inboundEncryptionKey()).isEqualTo(r.keys().outboundEncryptionKey());
            assertThat(l.keys().outboundEncryptionKey()).isEqualTo(r.keys().inboundEncryptionKey());
            assertThat(l.remoteEndpoint().getPort()).isEqualTo(4500);

            right.terminate("t1");
            assertThat(awaitStatus(left, s -> s.ikeSaState().equals("NONE"), Duration.ofSeconds(5)).negotiationStatus())
                    .isEqualTo("deleted by peer");
            assertThat(left.childSas("t1")).isEmpty();
        }
    }
}
