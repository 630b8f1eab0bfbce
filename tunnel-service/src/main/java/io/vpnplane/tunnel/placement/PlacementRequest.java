package io.vpnplane.tunnel.placement;

import java.util.Optional;
import java.util.Set;

/**
 * What one tunnel needs from placement.
 *
 * @param excludedZones    zones it must not run in: the zone of the other tunnel of a dual connection (REQ-TUN-013)
 * @param excludedNodes    nodes it must not run on (e.g. the node that just went down)
 * @param preferredZone    the zone to stay in when it moves (its node went down)
 * @param currentGatewayIp the gateway IP to keep when the new node can serve it
 */
public record PlacementRequest(String tunnelId, Set<String> excludedZones, Set<String> excludedNodes,
                               Optional<String> preferredZone, Optional<String> currentGatewayIp) {

    public PlacementRequest {
        excludedZones = Set.copyOf(excludedZones);
        excludedNodes = Set.copyOf(excludedNodes);
    }

    /** A tunnel placed for the first time, away from {@code excludedZones}. */
    public static PlacementRequest first(String tunnelId, Set<String> excludedZones) {
        return new PlacementRequest(tunnelId, excludedZones, Set.of(), Optional.empty(), Optional.empty());
    }
}
