package io.vpnplane.tunnel.placement;

import java.util.List;

/**
 * A healthy node as placement sees it.
 *
 * @param gatewayAddresses the addresses it can serve
 * @param capacity         how many tunnels it accepts
 * @param placedTunnels    how many tunnels it runs now
 */
public record NodeLoad(String nodeId, String zone, List<String> gatewayAddresses, int capacity, int placedTunnels) {

    public NodeLoad {
        gatewayAddresses = List.copyOf(gatewayAddresses);
    }

    boolean hasRoom() {
        return placedTunnels < capacity;
    }

    double utilisation() {
        return capacity == 0 ? 1.0 : (double) placedTunnels / capacity;
    }
}
