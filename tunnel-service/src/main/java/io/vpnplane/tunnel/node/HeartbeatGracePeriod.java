package io.vpnplane.tunnel.node;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * When a node counts as down: no heartbeat for longer than the grace period, measured on the registry's clock.
 * The grace period should cover a few missed heartbeats, so one lost message does not move tunnels.
 */
public final class HeartbeatGracePeriod {

    private final Duration grace;
    private final Clock clock;

    public HeartbeatGracePeriod(Duration grace, Clock clock) {
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("grace period must be positive: " + grace);
        }
        this.grace = grace;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Duration grace() {
        return grace;
    }

    /** Whether a node last heard of at {@code lastHeartbeatAt} is still alive now. */
    public boolean alive(GatewayNode node) {
        return !clock.instant().isAfter(node.lastHeartbeatAt().plus(grace));
    }

    /** The nodes still marked up whose heartbeats stopped for longer than the grace period. */
    public List<GatewayNode> expired(Collection<GatewayNode> nodes) {
        return nodes.stream().filter(GatewayNode::up).filter(n -> !alive(n)).toList();
    }
}
