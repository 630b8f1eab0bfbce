package io.vpnplane.agent.managed;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.vpnplane.events.agentconfig.TunnelConfigDesired;

/**
 * This node's share of the compacted {@code vpn.agent-config} topic, folded record by record from the beginning: the
 * latest desired configuration of every tunnel placed on this node. A tombstone, or a record that places the tunnel
 * on another node, drops it; an older {@code configVersion} than the one held (a replayed or reordered record) is
 * ignored. Not thread-safe: one consumer thread folds into it.
 */
public final class DesiredTunnels {

    private final String nodeId;
    private final Map<String, TunnelConfigDesired> byTunnel = new TreeMap<>();

    public DesiredTunnels(String nodeId) {
        this.nodeId = nodeId;
    }

    /** Folds one record: {@code desired} empty is a tombstone for {@code tunnelId}. */
    public void apply(String tunnelId, Optional<TunnelConfigDesired> desired) {
        if (desired.isEmpty()) {
            byTunnel.remove(tunnelId);
            return;
        }
        TunnelConfigDesired config = desired.get();
        if (!nodeId.equals(config.nodeId())) {
            // moved away (or never ours): the node it now names runs it
            byTunnel.remove(tunnelId);
            return;
        }
        TunnelConfigDesired held = byTunnel.get(tunnelId);
        if (held == null || config.configVersion() >= held.configVersion()) {
            byTunnel.put(tunnelId, config);
        }
    }

    /** The desired tunnels of this node, by tunnel id (a snapshot). */
    public Map<String, TunnelConfigDesired> snapshot() {
        return Map.copyOf(byTunnel);
    }
}
