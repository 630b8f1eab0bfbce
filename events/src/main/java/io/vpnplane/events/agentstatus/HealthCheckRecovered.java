package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventType;

/**
 * The tunnel's health check (REQ-TUN-011) passes again: a probe to {@code destinationIp} was answered after a failure.
 *
 * @param switchRoute the check's switchRoute setting the agent ran with (true: advertised routes are withdrawn while
 *                    it fails, REQ-X-005 {@code revoke_route})
 */
@EventType(value = "io.vpnplane.agent-status.health-check-recovered", version = 1)
public record HealthCheckRecovered(String tunnelId, String nodeId, String destinationIp, boolean switchRoute, Instant observedAt)
        implements AgentStatusEvent {
}
