package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventType;

/** The agent removed the tunnel after its configuration was withdrawn (the tunnel was deleted or moved away). */
@EventType(value = "io.vpnplane.agent-status.tunnel-torn-down", version = 1)
public record TunnelTornDown(String tunnelId, String nodeId, Instant observedAt) implements AgentStatusEvent {
}
