package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventType;

/** Phase 1 succeeded: the IKE SA is established. */
@EventType(value = "io.vpnplane.agent-status.ike-sa-established", version = 1)
public record IkeSaEstablished(String tunnelId, String nodeId, Instant observedAt) implements AgentStatusEvent {
}
