package io.vpnplane.events.tunnel;

import io.vpnplane.events.EventType;

/** The connection was deleted; the tunnel is {@code deleting} until its node confirms it tore it down (REQ-TUN-012). */
@EventType(value = "io.vpnplane.tunnel.deletion-started", version = 1)
public record TunnelDeletionStarted(String tunnelId, String connectionId) implements TunnelLifecycleEvent {
}
