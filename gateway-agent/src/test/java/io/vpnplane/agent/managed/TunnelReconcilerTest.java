package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.vpnplane.events.agentconfig.AgentConfigEvent;
import io.vpnplane.events.agentconfig.SealedSecret;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.events.agentconfig.TunnelConfigWithdrawn;

class TunnelReconcilerTest {

    private static final String NODE = "node-a";

    static TunnelConfigDesired tunnel(String tunnelId, long version, String nodeId) {
        return new TunnelConfigDesired(tunnelId, "conn-1", "acct-1", version, nodeId, "zone-1", "192.0.2.1", "198.51.100.7",
                "start",
                new TunnelConfigDesired.Ike("ikev2", "main", "aes256", "sha256", "modp2048", 28800, "192.0.2.1", "198.51.100.7"),
                new TunnelConfigDesired.Ipsec("aes256", "sha256", "modp2048", 3600),
                new TunnelConfigDesired.Dpd(true, "restart", 10, 30), true,
                new TunnelConfigDesired.TrafficSelectors(List.of("10.0.0.0/16"), List.of("172.16.0.0/16")), Optional.empty(),
                new TunnelConfigDesired.HealthCheck(false, Optional.empty(), Optional.empty(), 10, 3, false),
                new SealedSecret("hpke", "pk", "enc", "ct"));
    }

    private static Optional<AgentConfigEvent> record(AgentConfigEvent event) {
        return Optional.of(event);
    }

    @Test
    void newDesiredTunnelIsAdded() {
        TunnelConfigDesired a = tunnel("t-a", 1, NODE);
        assertThat(TunnelReconciler.plan(Map.of("t-a", a), Map.of())).containsExactly(new TunnelChange.Add(a));
    }

    @Test
    void reqMod003_changingOneTunnelReplacesOnlyThatTunnel() {
        TunnelConfigDesired a = tunnel("t-a", 1, NODE);
        TunnelConfigDesired b1 = tunnel("t-b", 1, NODE);
        TunnelConfigDesired b2 = tunnel("t-b", 2, NODE);
        assertThat(TunnelReconciler.plan(Map.of("t-a", a, "t-b", b2), Map.of("t-a", a, "t-b", b1)))
                .containsExactly(new TunnelChange.Replace(b2));
    }

    @Test
    void sameVersionResealedIsNoChange() {
        // a replayed record carries a freshly sealed PSK but the same version: a healthy tunnel must stay untouched
        TunnelConfigDesired running = tunnel("t-a", 3, NODE);
        TunnelConfigDesired replayed = tunnel("t-a", 3, NODE);
        assertThat(TunnelReconciler.plan(Map.of("t-a", replayed), Map.of("t-a", running))).isEmpty();
    }

    @Test
    void tunnelNoLongerDesiredIsRemovedBeforeAdditions() {
        TunnelConfigDesired a = tunnel("t-a", 1, NODE);
        TunnelConfigDesired z = tunnel("t-z", 1, NODE);
        assertThat(TunnelReconciler.plan(Map.of("t-z", z), Map.of("t-a", a)))
                .containsExactly(new TunnelChange.Remove("t-a"), new TunnelChange.Add(z));
    }

    @Test
    void tombstoneRemovesTheTunnelFromTheDesiredState() {
        DesiredTunnels desired = new DesiredTunnels(NODE);
        desired.apply("t-a", record(tunnel("t-a", 1, NODE)));
        desired.apply("t-b", record(tunnel("t-b", 1, NODE)));
        desired.apply("t-a", Optional.empty());
        assertThat(desired.snapshot()).containsOnlyKeys("t-b");
    }

    @Test
    void recordsOfOtherNodesAreIgnoredAndAMoveAwayRemoves() {
        DesiredTunnels desired = new DesiredTunnels(NODE);
        desired.apply("t-x", record(tunnel("t-x", 1, "node-b")));
        desired.apply("t-a", record(tunnel("t-a", 1, NODE)));
        desired.apply("t-a", record(tunnel("t-a", 2, "node-b")));
        assertThat(desired.snapshot()).isEmpty();
    }

    @Test
    void withdrawalRemovesOnlyVersionsItCovers() {
        DesiredTunnels desired = new DesiredTunnels(NODE);
        desired.apply("t-a", record(tunnel("t-a", 2, NODE)));
        desired.apply("t-a", record(new TunnelConfigWithdrawn("t-a", NODE, 1)));
        assertThat(desired.snapshot()).containsOnlyKeys("t-a");
        desired.apply("t-a", record(new TunnelConfigWithdrawn("t-a", NODE, 2)));
        assertThat(desired.snapshot()).isEmpty();
    }

    @Test
    void replayingTheTopicAfterARestartYieldsTheLatestVersionAndNoSpuriousChange() {
        DesiredTunnels desired = new DesiredTunnels(NODE);
        TunnelConfigDesired latest = tunnel("t-a", 2, NODE);
        desired.apply("t-a", record(tunnel("t-a", 1, NODE)));
        desired.apply("t-a", record(latest));
        desired.apply("t-a", record(tunnel("t-a", 1, NODE)));
        assertThat(desired.snapshot()).containsEntry("t-a", latest);
        assertThat(TunnelReconciler.plan(desired.snapshot(), Map.of("t-a", latest))).isEmpty();
    }
}
