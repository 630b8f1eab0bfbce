package io.vpnplane.agent.ike;

import static io.vpnplane.agent.ike.TestTunnels.A;
import static io.vpnplane.agent.ike.TestTunnels.B;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Managed mode removes and re-adds one tunnel at run time (issue #6, REQ-MOD-003). */
class IkeEngineTunnelRemovalTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler);
    private final IkeEngineTest.RecordingListener listenerB = new IkeEngineTest.RecordingListener();
    private final IkeEngine engineA = new IkeEngine(scheduler, network.transportFor(), new SecureRandom(), EngineSettings.defaults(),
            ChildSaListener.NONE);
    private final IkeEngine engineB = new IkeEngine(scheduler, network.transportFor(), new SecureRandom(), EngineSettings.defaults(),
            listenerB);

    {
        network.attach(A, engineA);
        network.attach(B, engineB);
    }

    @Test
    void aRemovedTunnelDeletesItsSasAtThePeerAndCanBeAddedAgainWithANewConfiguration() {
        engineB.addTunnel(TestTunnels.tunnel("t1", B, A, "fddsFF123abc", TunnelConfig.StartAction.RESPOND_ONLY));
        engineA.addTunnel(TestTunnels.tunnel("t1", A, B, "fddsFF123abc", TunnelConfig.StartAction.START));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(engineB.childSas("t1")).hasSize(1);

        assertThat(engineA.removeTunnel("t1")).isTrue();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(engineA.tunnelIds()).isEmpty();
        assertThat(engineA.status("t1")).isEmpty();
        assertThat(engineB.childSas("t1")).isEmpty(); // the peer got the DELETE
        assertThat(listenerB.removed).hasSize(1);
        assertThat(engineA.removeTunnel("t1")).isFalse();

        engineA.addTunnel(TestTunnels.tunnel("t1", A, B, "fddsFF123abc", TunnelConfig.StartAction.START));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(engineA.childSas("t1")).hasSize(1);
        assertThat(engineB.childSas("t1")).hasSize(1);
    }
}
