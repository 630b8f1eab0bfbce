package io.vpnplane.events.tunnel;

import io.vpnplane.events.EventType;

/** The tunnel's node runs its latest desired configuration: the tunnel's state is {@code active} again (REQ-TUN-012). */
@EventType(value = "io.vpnplane.tunnel.config-confirmed", version = 1)
public record TunnelConfigConfirmed(String tunnelId, String connectionId, String nodeId, long configVersion)
        implements TunnelLifecycleEvent {
}
