package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventType;

/** Dead peer detection declared the peer dead (REQ-TUN-006); the agent deletes the SAs and restarts negotiation. */
@EventType(value = "io.vpnplane.agent-status.dpd-peer-dead", version = 1)
public record DpdPeerDead(String tunnelId, String nodeId, Instant observedAt) implements AgentStatusEvent {
}
