package io.vpnplane.agent.managed;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.vpnplane.events.agentconfig.AgentConfigEvent;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.events.agentconfig.TunnelConfigWithdrawn;

/**
 * This node's view of the compacted {@code vpn.agent-config} topic: the latest desired configuration of every tunnel
 * placed on {@code nodeId}. Records are applied in topic order (key = tunnel id); a tombstone, a withdrawal or a record
 * naming another node removes the tunnel, so replaying the topic from the beginning after a restart rebuilds exactly
 * the state that was current. Not thread-safe: the single consumer loop owns it.
 */
public final class DesiredTunnels {

    private final String nodeId;
    private final Map<String, TunnelConfigDesired> byTunnelId = new HashMap<>();

    public DesiredTunnels(String nodeId) {
        this.nodeId = nodeId;
    }

    /**
     * Applies one record of the topic.
     *
     * @param tunnelId the record key
     * @param event    the record value; empty for a tombstone
     */
    public void apply(String tunnelId, Optional<AgentConfigEvent> event) {
        if (event.isEmpty()) {
            byTunnelId.remove(tunnelId);
            return;
        }
        switch (event.get()) {
            case TunnelConfigDesired desired when desired.nodeId().equals(nodeId) -> {
                TunnelConfigDesired current = byTunnelId.get(tunnelId);
                // a partition is ordered, but never let a stale version win if one is replayed
                if (current == null || desired.configVersion() >= current.configVersion()) {
                    byTunnelId.put(tunnelId, desired);
                }
            }
            case TunnelConfigDesired movedElsewhere -> byTunnelId.remove(tunnelId);
            case TunnelConfigWithdrawn withdrawn -> {
                TunnelConfigDesired current = byTunnelId.get(tunnelId);
                if (current != null && current.configVersion() <= withdrawn.configVersion()) {
                    byTunnelId.remove(tunnelId);
                }
            }
        }
    }

    /** @return an immutable snapshot, tunnel id → desired configuration */
    public Map<String, TunnelConfigDesired> snapshot() {
        return Map.copyOf(byTunnelId);
    }
}
