package io.vpnplane.events.agentconfig;

import io.vpnplane.events.EventType;
import io.vpnplane.events.Tombstone;

/**
 * The tunnel must no longer run anywhere (its connection was deleted). On Kafka this is a <b>tombstone</b>: the record
 * value is null (so compaction forgets the tunnel) and only the {@code ce_*} headers name this type; the event table
 * of tunnel-service keeps the data below.
 *
 * @param nodeId        the node that ran it
 * @param configVersion the last desired version
 */
@Tombstone
@EventType(value = "io.vpnplane.agent-config.tunnel-withdrawn", version = 1)
public record TunnelConfigWithdrawn(String tunnelId, String nodeId, long configVersion) implements AgentConfigEvent {
}
