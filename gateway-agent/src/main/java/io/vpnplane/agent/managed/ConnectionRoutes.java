package io.vpnplane.agent.managed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vpnplane.agent.dataplane.Ipv4Prefix;
import io.vpnplane.agent.dataplane.TunnelRoutes;

/**
 * Which of this node's tunnels carry which prefixes. routing-service names a connection as the next hop of each
 * destination (its active route, REQ-RT-005); this node carries the destination on its own tunnel(s) of that
 * connection, the one with an SA first ({@link TunnelRoutes}). A BGP-enabled tunnel's inside /30 (REQ-TUN-008) always
 * goes to that tunnel, so the BGP session can form before any route exists.
 */
public final class ConnectionRoutes {

    private final TunnelRoutes routes;
    private Map<Ipv4Prefix, String> activeRoutes = Map.of();
    private final Map<String, ManagedTunnel> tunnels = new TreeMap<>();

    public ConnectionRoutes(TunnelRoutes routes) {
        this.routes = routes;
    }

    /** routing-service's active routes: destination → connection id. */
    public synchronized void activeRoutes(Map<Ipv4Prefix, String> next) {
        activeRoutes = Map.copyOf(next);
        push();
    }

    public synchronized void tunnelStarted(ManagedTunnel tunnel) {
        tunnels.put(tunnel.id(), tunnel);
        push();
    }

    public synchronized void tunnelStopped(String tunnelId) {
        if (tunnels.remove(tunnelId) != null) {
            push();
        }
    }

    private void push() {
        routes.replace(plan(activeRoutes, tunnels.values()));
    }

    /** Pure: prefix → the node's tunnels that may carry it, in tunnel id order; destinations of other nodes are left out. */
    static Map<Ipv4Prefix, List<String>> plan(Map<Ipv4Prefix, String> activeRoutes, Iterable<ManagedTunnel> tunnels) {
        Map<String, List<String>> byConnection = new TreeMap<>();
        Map<Ipv4Prefix, List<String>> plan = new LinkedHashMap<>();
        for (ManagedTunnel tunnel : tunnels) {
            byConnection.computeIfAbsent(tunnel.connectionId(), c -> new java.util.ArrayList<>()).add(tunnel.id());
        }
        activeRoutes.forEach((prefix, connection) -> {
            List<String> carriers = byConnection.get(connection);
            if (carriers != null) {
                plan.put(prefix, List.copyOf(carriers));
            }
        });
        for (ManagedTunnel tunnel : tunnels) {
            tunnel.insideAddress().ifPresent(inside -> plan.put(Ipv4Prefix.parse(inside.tunnelCidr()), List.of(tunnel.id())));
        }
        return plan;
    }
}
