package io.vpnplane.agent.managed;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.vpnplane.events.bgp.BgpSessionConfigured;
import io.vpnplane.events.bgp.BgpSessionEvent;
import io.vpnplane.events.bgp.BgpSessionRemoved;

/**
 * bgp-service's session decisions on {@code vpn.bgp}, folded record by record from the beginning: the latest
 * configuration of every session that may run on this node. A leased-line session names its node; an IPsec session
 * names its tunnel instead and runs where the tunnel runs (the node whose {@code vpn.agent-config} holds the tunnel),
 * so every IPsec session is kept and {@link #ofNode} picks those of the node's current tunnels — a tunnel moving to or
 * away from the node takes its session along. A session that names another node, and a removed session, are dropped.
 * Not thread-safe: one consumer thread folds into it.
 */
public final class DesiredBgpSessions {

    private final String nodeId;
    private final Map<String, BgpSessionConfigured> bySession = new TreeMap<>();

    public DesiredBgpSessions(String nodeId) {
        this.nodeId = nodeId;
    }

    /** Folds one session event (key = session id; later events replace earlier ones). */
    public void apply(BgpSessionEvent event) {
        switch (event) {
            case BgpSessionRemoved removed -> bySession.remove(removed.sessionId());
            case BgpSessionConfigured configured -> {
                if (configured.nodeId().isPresent() && !configured.nodeId().get().equals(nodeId)) {
                    bySession.remove(configured.sessionId()); // assigned to (or moved to) another node
                } else {
                    bySession.put(configured.sessionId(), configured);
                }
            }
        }
    }

    /**
     * The sessions this node runs now: those naming this node, and those without a node whose tunnel is one of
     * {@code nodeTunnels}.
     */
    public Map<String, BgpSessionConfigured> ofNode(Set<String> nodeTunnels) {
        Map<String, BgpSessionConfigured> mine = new TreeMap<>();
        bySession.forEach((id, configured) -> {
            boolean here = configured.nodeId().map(nodeId::equals)
                    .orElseGet(() -> configured.tunnelId().map(nodeTunnels::contains).orElse(false));
            if (here) {
                mine.put(id, configured);
            }
        });
        return mine;
    }
}
