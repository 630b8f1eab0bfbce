package io.vpnplane.connection.placement;

import java.util.Optional;

/**
 * Where tunnel-service runs a tunnel, as far as this service has heard (vpn.tunnels): the cloud gateway IP the
 * on-premises device must point at, or why the tunnel still waits for a node.
 *
 * @param negotiationStatus the last {@code TunnelStatusChanged} status name; empty until one arrived
 */
public record TunnelPlacement(String tunnelId, String connectionId, Optional<String> gatewayIp, Optional<String> nodeId,
        Optional<String> zone, Optional<String> pendingReason, Optional<String> negotiationStatus) {
}
