package io.vpnplane.events.tunnel;

import io.vpnplane.events.EventType;

/** The tunnel is gone: no node runs it any more and its gateway IP is free. */
@EventType(value = "io.vpnplane.tunnel.deleted", version = 1)
public record TunnelDeleted(String tunnelId, String connectionId) implements TunnelLifecycleEvent {
}
