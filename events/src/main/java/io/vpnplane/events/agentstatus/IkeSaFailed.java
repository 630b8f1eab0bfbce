package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventType;

/** Phase 1 failed or the IKE SA went down; {@code reason} says why, e.g. {@code AUTHENTICATION_FAILED} or {@code NO_PROPOSAL_CHOSEN} (REQ-TUN-003). */
@EventType(value = "io.vpnplane.agent-status.ike-sa-failed", version = 1)
public record IkeSaFailed(String tunnelId, String nodeId, String reason, Instant observedAt) implements AgentStatusEvent {
}
