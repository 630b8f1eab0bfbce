package io.vpnplane.tunnel.placement;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses a node and a gateway IP for one tunnel. Pure: the caller passes the healthy nodes with their load and the
 * gateway IPs already taken, and serializes placements (one decision at a time) so two tunnels never get the same IP.
 *
 * <p>Rules: never a zone or node the request excludes (REQ-TUN-013: the other tunnel's zone); only nodes with free
 * capacity and a free address; the preferred zone first (a moving tunnel stays in its zone), then a node that can keep
 * the current gateway IP, then the least utilised node, then the node id (deterministic). The gateway IP is the current
 * one when the node serves it, else the lowest free address of the node.
 */
public final class TunnelPlacer {

    public Placement place(PlacementRequest request, Collection<NodeLoad> healthyNodes, Set<String> takenGatewayIps) {
        if (healthyNodes.isEmpty()) {
            return new Placement.Pending("no healthy gateway node");
        }
        List<NodeLoad> allowed = healthyNodes.stream()
                .filter(n -> !request.excludedNodes().contains(n.nodeId()))
                .filter(n -> !request.excludedZones().contains(n.zone()))
                .toList();
        if (allowed.isEmpty()) {
            return new Placement.Pending(request.excludedZones().isEmpty()
                    ? "no other healthy gateway node"
                    : "no healthy gateway node in a zone other than " + String.join(", ", sorted(request.excludedZones()))
                      + " (the two tunnels of a dual-tunnel connection run in different zones)");
        }
        List<NodeLoad> withRoom = allowed.stream().filter(NodeLoad::hasRoom).toList();
        if (withRoom.isEmpty()) {
            return new Placement.Pending("no eligible gateway node has free capacity");
        }
        Optional<String> keep = request.currentGatewayIp();
        Comparator<NodeLoad> order = Comparator
                .comparing((NodeLoad n) -> request.preferredZone().map(z -> !z.equals(n.zone())).orElse(false))
                .thenComparing(n -> keep.map(ip -> !n.gatewayAddresses().contains(ip) || takenGatewayIps.contains(ip)).orElse(false))
                .thenComparingDouble(NodeLoad::utilisation)
                .thenComparing(NodeLoad::nodeId);
        return withRoom.stream()
                .sorted(order)
                .flatMap(n -> gatewayIp(n, keep, takenGatewayIps).map(ip -> (Placement) new Placement.Placed(n.nodeId(), n.zone(), ip)).stream())
                .findFirst()
                .orElseGet(() -> new Placement.Pending("no free gateway IP on the eligible gateway nodes"));
    }

    private static Optional<String> gatewayIp(NodeLoad node, Optional<String> keep, Set<String> taken) {
        if (keep.isPresent() && node.gatewayAddresses().contains(keep.get()) && !taken.contains(keep.get())) {
            return keep;
        }
        return node.gatewayAddresses().stream()
                .filter(ip -> !taken.contains(ip))
                .min(Comparator.comparingLong(TunnelPlacer::ipv4Value));
    }

    static long ipv4Value(String ip) {
        String[] parts = ip.split("\\.");
        long value = 0;
        for (String p : parts) {
            value = value * 256 + Integer.parseInt(p);
        }
        return value;
    }

    private static List<String> sorted(Set<String> zones) {
        return zones.stream().sorted().toList();
    }
}
