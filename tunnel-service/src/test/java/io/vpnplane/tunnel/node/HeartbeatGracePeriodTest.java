package io.vpnplane.tunnel.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class HeartbeatGracePeriodTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static GatewayNode node(String id, Instant lastHeartbeat, boolean up) {
        return new GatewayNode(id, "zone-a", List.of("203.0.113.1"), 10, "0.1.0", "key", lastHeartbeat, up);
    }

    @Test
    void aNodeIsAliveUntilTheGracePeriodAfterItsLastHeartbeatHasPassed() {
        HeartbeatGracePeriod atEdge = new HeartbeatGracePeriod(Duration.ofSeconds(15), Clock.fixed(T0.plusSeconds(15), ZoneOffset.UTC));
        HeartbeatGracePeriod after = new HeartbeatGracePeriod(Duration.ofSeconds(15), Clock.fixed(T0.plusSeconds(16), ZoneOffset.UTC));

        assertThat(atEdge.alive(node("gw-1", T0, true))).isTrue();
        assertThat(after.alive(node("gw-1", T0, true))).isFalse();
    }

    @Test
    void expiredListsOnlyNodesStillMarkedUpWhoseHeartbeatsStopped() {
        HeartbeatGracePeriod grace = new HeartbeatGracePeriod(Duration.ofSeconds(10), Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC));

        List<GatewayNode> expired = grace.expired(List.of(
                node("silent", T0, true),
                node("already-down", T0, false),
                node("fresh", T0.plusSeconds(25), true)));

        assertThat(expired).extracting(GatewayNode::nodeId).containsExactly("silent");
    }
}
