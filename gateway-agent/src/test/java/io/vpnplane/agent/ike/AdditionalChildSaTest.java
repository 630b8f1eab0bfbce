package io.vpnplane.agent.ike;

import static io.vpnplane.agent.ike.TestTunnels.A;
import static io.vpnplane.agent.ike.TestTunnels.B;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** CREATE_CHILD_SA for an additional CHILD_SA (RFC 7296 §1.3.1), as asked for by the admin API. */
class AdditionalChildSaTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler);
    private final IkeEngine engineA = new IkeEngine(scheduler, network.transportFor(), new SecureRandom(),
            EngineSettings.defaults(), ChildSaListener.NONE);
    private final IkeEngine engineB = new IkeEngine(scheduler, network.transportFor(), new SecureRandom(),
            EngineSettings.defaults(), ChildSaListener.NONE);

    {
        network.attach(A, engineA);
        network.attach(B, engineB);
    }

    @Test
    void aSecondChildSaIsNegotiatedOverTheEstablishedIkeSa() {
        engineB.addTunnel(TestTunnels.tunnel("t1", B, A, "more-children-1", TunnelConfig.StartAction.RESPOND_ONLY));
        engineA.addTunnel(TestTunnels.tunnel("t1", A, B, "more-children-1", TunnelConfig.StartAction.TRAP));
        assertThat(engineA.createChildSa("t1")).isEqualTo(ChildSaRequest.NOT_ESTABLISHED);
        assertThat(engineA.createChildSa("nope")).isEqualTo(ChildSaRequest.NO_SUCH_TUNNEL);
        engineA.initiate("t1");
        scheduler.advance(Duration.ofSeconds(1));
        ChildSa first = engineA.childSas("t1").getFirst();

        assertThat(engineA.createChildSa("t1")).isEqualTo(ChildSaRequest.QUEUED);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(engineA.childSas("t1")).hasSize(2).contains(first);
        assertThat(engineB.childSas("t1")).hasSize(2);
        ChildSa second = engineA.childSas("t1").getLast();
        assertThat(engineB.childSas("t1")).anySatisfy(b -> {
            assertThat(b.inboundSpi()).isEqualTo(second.outboundSpi());
            assertThat(b.outboundSpi()).isEqualTo(second.inboundSpi());
            assertThat(b.keys().inboundEncryptionKey()).isEqualTo(second.keys().outboundEncryptionKey());
        });
        assertThat(engineA.status("t1").orElseThrow().counters().childSaEstablished()).isEqualTo(2);
        assertThat(engineA.status("t1").orElseThrow().negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
    }
}
