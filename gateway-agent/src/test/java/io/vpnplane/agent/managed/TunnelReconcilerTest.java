package io.vpnplane.agent.managed;

import static io.vpnplane.agent.managed.DesiredConfigs.desired;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vpnplane.agent.managed.TunnelReconciler.Replace;
import io.vpnplane.agent.managed.TunnelReconciler.Start;
import io.vpnplane.agent.managed.TunnelReconciler.Stop;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;

class TunnelReconcilerTest {

    private static final TunnelConfigDesired A1 = desired("a", "gw-a-1", 1);
    private static final TunnelConfigDesired B1 = desired("b", "gw-a-1", 1);
    private static final TunnelConfigDesired B2 = desired("b", "gw-a-1", 2);

    @Test
    void startsWhatIsDesiredButNotRunning() {
        assertThat(TunnelReconciler.plan(Map.of("a", A1, "b", B1), Map.of()))
                .containsExactly(new Start(A1), new Start(B1));
    }

    @Test
    void nothingToDoWhenTheRunningVersionsAreTheDesiredOnes() {
        assertThat(TunnelReconciler.plan(Map.of("a", A1, "b", B1), Map.of("a", 1L, "b", 1L))).isEmpty();
    }

    // REQ-MOD-003 / REQ-GW-004: a new version of tunnel b renegotiates b alone; a is not in the plan at all
    @Test
    void aChangeOfOneTunnelReplacesOnlyThatTunnel() {
        assertThat(TunnelReconciler.plan(Map.of("a", A1, "b", B2), Map.of("a", 1L, "b", 1L)))
                .containsExactly(new Replace(1, B2));
    }

    @Test
    void stopsWhatIsRunningButNoLongerDesiredAndStopsComeFirst() {
        assertThat(TunnelReconciler.plan(Map.of("b", B1), Map.of("z", 4L)))
                .containsExactly(new Stop("z", 4), new Start(B1));
    }

    @Test
    void afterARestartEverythingDesiredIsStartedAgain() {
        DesiredTunnels folded = new DesiredTunnels("gw-a-1");
        folded.apply("a", java.util.Optional.of(A1));
        folded.apply("b", java.util.Optional.of(B1));
        folded.apply("b", java.util.Optional.of(B2));

        assertThat(TunnelReconciler.plan(folded.snapshot(), Map.of())).containsExactly(new Start(A1), new Start(B2));
    }
}
