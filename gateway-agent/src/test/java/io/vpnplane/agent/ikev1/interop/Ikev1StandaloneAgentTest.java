package io.vpnplane.agent.ikev1.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.dataplane.Tunnel;
import io.vpnplane.agent.ike.TunnelStatus;
import io.vpnplane.agent.interop.CommandResult;
import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.StrongSwanPeer;
import io.vpnplane.agent.interop.SwanctlConnection;
import io.vpnplane.agent.interop.TestNetwork;
import io.vpnplane.agent.standalone.StandaloneAgent;
import io.vpnplane.agent.standalone.StandaloneConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as deployed: started from a standalone config file with {@code ike.version: ikev1} and
 * {@code ike.mode: aggressive}, it negotiates with strongSwan and carries pings; the admin API's status
 * reads as for IKEv2 (REQ-TUN-004, REQ-TUN-012).
 */
@Tag("interop")
class Ikev1StandaloneAgentTest {

    private static final String PSK = "fddsFF123abc";

    @TempDir
    Path home;

    @Test
    void configFileWithIkev1AggressiveModeCarriesTraffic() throws Exception {
        assumeTrue(HostCommands.runningAsRoot(), "needs root (network namespaces, TUN)");
        assumeTrue(StrongSwanPeer.isInstalled(), "needs strongswan-charon and strongswan-swanctl");
        try (TestNetwork network = TestNetwork.create(new TestNetwork.Addressing("10.9.43.1", "10.9.43.2", 24,
                "192.168.143.1", "172.16.143.1"));
             StrongSwanPeer strongSwan = StrongSwanPeer.start(network.right(), home.resolve("swan"))) {
            strongSwan.load(SwanctlConnection.builder("t1").version(1).aggressive(true)
                    .addresses(network.rightAddress(), network.leftAddress())
                    .ids("right.example.com", "left.example.com")
                    .presharedKey(PSK)
                    .ikeProposals(IkeSaTransforms.of(EncryptionAlgorithm.AES_256_CBC,
                            IntegrityAlgorithm.HMAC_SHA2_256_128, DiffieHellmanGroup.MODP_2048))
                    .espProposals(new ChildSaTransforms(EncryptionAlgorithm.AES_256_CBC,
                            Optional.of(IntegrityAlgorithm.HMAC_SHA2_256_128), Optional.of(DiffieHellmanGroup.MODP_2048)))
                    .child("c1", network.rightInner() + "/32", network.leftInner() + "/32")
                    .build());
            Path config = home.resolve("agent.yaml");
            Files.writeString(config, """
                    dataPlane:
                      enabled: true
                      tunName: vpl1
                    tunnels:
                      - id: t1
                        localAddress: %s
                        remoteAddress: %s
                        psk: "%s"
                        routingMode: policy
                        localCidrs: [%s/32]
                        remoteCidrs: [%s/32]
                        ike: { version: ikev1, mode: aggressive, encryption: aes256, authentication: sha256,
                               dhGroup: group14, localId: left.example.com, remoteId: right.example.com }
                        ipsec: { encryption: aes256, authentication: sha256, dhGroup: group14 }
                    """.formatted(network.leftAddress(), network.rightAddress(), PSK, network.leftInner(),
                    network.rightInner()));

            StandaloneAgent agent = network.left().callInside(() -> StandaloneAgent.start(StandaloneConfig.read(config)));
            try {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
                while (agent.dataPlane().orElseThrow().installer().tunnel("t1").flatMap(Tunnel::outbound).isEmpty()) {
                    assertThat(Instant.now()).as(strongSwan::log).isBefore(deadline);
                    Thread.sleep(50);
                }
                CommandResult ping = network.pingLeftToRightInner(3);
                assertThat(ping.exitCode()).as(() -> ping.describe() + strongSwan.log()).isZero();
                CommandResult pingBack = network.pingRightToLeftInner(3);
                assertThat(pingBack.exitCode()).as(pingBack::describe).isZero();

                TunnelStatus status = agent.daemon().status("t1").orElseThrow();
                assertThat(status.ikeSaState()).isEqualTo("ESTABLISHED");
                assertThat(status.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
                assertThat(status.ikeSa().orElseThrow().algorithms()).isEqualTo("aes256-sha256-prfsha256-modp2048");
                assertThat(status.dpd().orElseThrow().timeoutSeconds()).isEqualTo(30); // REQ-TUN-006 IKEv1 default
                assertThat(agent.daemon().status()).extracting(TunnelStatus::id).containsExactly("t1");
            } finally {
                agent.close();
            }
        }
    }
}
