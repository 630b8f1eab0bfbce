package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventType;

/** Phase 2 failed or the IPsec SA went down; {@code reason} says why, e.g. {@code TS_UNACCEPTABLE}. */
@EventType(value = "io.vpnplane.agent-status.child-sa-failed", version = 1)
public record ChildSaFailed(String tunnelId, String nodeId, String reason, Instant observedAt) implements AgentStatusEvent {
}
