package io.vpnplane.events.health;

import java.time.Instant;

import io.vpnplane.events.EventType;

/**
 * A tunnel's health check changed verdict (REQ-TUN-011, REQ-GW-002): {@code FAILING} after {@code retries}
 * consecutive unanswered probes, {@code PASSING} at the first answer after that (and when a check starts),
 * {@code DISABLED} when the check was switched off. Whether a failing check withdraws routes is the connection's
 * {@code switchRoute} setting, which routing-service reads from connection-service's events, not from here.
 *
 * @param connectionId  the IPsec connection the tunnel belongs to
 * @param destinationIp the probed on-premises address
 * @param observedAt    when the agent reached the verdict; older events than the last applied are ignored
 */
@EventType(value = "io.vpnplane.health.check-status-changed", version = 1)
public record HealthCheckStatusChanged(
        String tunnelId,
        String connectionId,
        Status status,
        String destinationIp,
        Instant observedAt) implements HealthEvent {

    public enum Status {
        PASSING,
        FAILING,
        DISABLED
    }
}
