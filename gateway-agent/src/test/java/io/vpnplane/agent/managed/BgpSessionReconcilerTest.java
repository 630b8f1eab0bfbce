package io.vpnplane.agent.managed;

import static io.vpnplane.agent.managed.BgpSessionConfigs.leasedLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vpnplane.agent.managed.BgpSessionReconciler.Readvertise;
import io.vpnplane.agent.managed.BgpSessionReconciler.Restart;
import io.vpnplane.agent.managed.BgpSessionReconciler.Start;
import io.vpnplane.agent.managed.BgpSessionReconciler.Stop;
import io.vpnplane.events.bgp.BgpSessionConfigured;

class BgpSessionReconcilerTest {

    private static final ManagedBgpSession A = session(leasedLine("a", "gw-a-1", "10.100.0.2", List.of("10.0.0.0/16")));
    private static final ManagedBgpSession B = session(leasedLine("b", "gw-a-1", "10.100.0.6", List.of("10.0.0.0/16")));

    @Test
    void startsWhatIsDesiredButNotRunning() {
        assertThat(BgpSessionReconciler.plan(Map.of("a", A, "b", B), Map.of())).containsExactly(new Start(A), new Start(B));
    }

    @Test
    void nothingToDoWhenTheRunningSessionsAreTheDesiredOnes() {
        assertThat(BgpSessionReconciler.plan(Map.of("a", A, "b", B), Map.of("a", A, "b", B))).isEmpty();
    }

    // REQ-CONN-010: a new advertised set keeps the session up, only the difference goes to the peer
    @Test
    void anAdvertisementChangeReadvertisesThatSessionOnly() {
        ManagedBgpSession b2 = session(leasedLine("b", "gw-a-1", "10.100.0.6", List.of("10.0.0.0/16", "10.1.0.0/16")));

        assertThat(BgpSessionReconciler.plan(Map.of("a", A, "b", b2), Map.of("a", A, "b", B))).containsExactly(new Readvertise(b2));
    }

    @Test
    void aChangedPeerRestartsThatSessionOnly() {
        ManagedBgpSession b2 = session(leasedLine("b", "gw-a-1", "10.100.0.10", List.of("10.0.0.0/16")));

        assertThat(BgpSessionReconciler.plan(Map.of("a", A, "b", b2), Map.of("a", A, "b", B))).containsExactly(new Restart(b2));
    }

    @Test
    void stopsWhatIsNoLongerDesiredAndStopsComeFirst() {
        assertThat(BgpSessionReconciler.plan(Map.of("b", B), Map.of("z", A))).containsExactly(new Stop("z"), new Start(B));
    }

    private static ManagedBgpSession session(BgpSessionConfigured configured) {
        return DesiredBgpSessionTranslation.translate(configured);
    }
}
