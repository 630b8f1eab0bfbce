package io.vpnplane.events.tunnel;

import io.vpnplane.events.EventType;

/**
 * The tunnel runs on {@code nodeId} with gateway IP {@code gatewayIp} (REQ-TUN-012, REQ-TUN-013): first placement, or
 * a move because its node went down.
 *
 * @param reason why it was (re)placed, e.g. {@code connection created} or {@code gateway node gw-a-1 down}
 */
@EventType(value = "io.vpnplane.tunnel.placed", version = 1)
public record TunnelPlaced(String tunnelId, String connectionId, String nodeId, String zone, String gatewayIp, String reason)
        implements TunnelLifecycleEvent {
}
