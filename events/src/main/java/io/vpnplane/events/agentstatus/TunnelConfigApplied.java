package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventType;

/** The agent runs configuration {@code configVersion} of the tunnel (it reconciled the desired configuration). */
@EventType(value = "io.vpnplane.agent-status.config-applied", version = 1)
public record TunnelConfigApplied(String tunnelId, String nodeId, long configVersion, Instant observedAt) implements AgentStatusEvent {
}
