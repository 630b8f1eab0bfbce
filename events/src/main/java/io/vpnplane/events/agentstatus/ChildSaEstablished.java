package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventType;

/** Phase 2 succeeded: the IPsec (CHILD) SA is established and traffic can flow. */
@EventType(value = "io.vpnplane.agent-status.child-sa-established", version = 1)
public record ChildSaEstablished(String tunnelId, String nodeId, Instant observedAt) implements AgentStatusEvent {
}
