package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventType;

/**
 * The tunnel's health check (REQ-TUN-011) failed: {@code retries} consecutive probes to {@code destinationIp} went unanswered.
 *
 * @param switchRoute the check's switchRoute setting the agent ran with (true: advertised routes are withdrawn while
 *                    it fails, REQ-X-005 {@code revoke_route})
 */
@EventType(value = "io.vpnplane.agent-status.health-check-failed", version = 1)
public record HealthCheckFailed(String tunnelId, String nodeId, String destinationIp, boolean switchRoute, Instant observedAt)
        implements AgentStatusEvent {
}
