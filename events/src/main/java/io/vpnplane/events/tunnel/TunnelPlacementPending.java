package io.vpnplane.events.tunnel;

import io.vpnplane.events.EventType;

/**
 * The tunnel cannot run anywhere yet and waits; it is placed as soon as the reason goes away.
 *
 * @param reason e.g. {@code no healthy gateway node with free capacity in a zone other than zone-a (REQ-TUN-013)}
 */
@EventType(value = "io.vpnplane.tunnel.placement-pending", version = 1)
public record TunnelPlacementPending(String tunnelId, String connectionId, String reason) implements TunnelLifecycleEvent {
}
