package io.vpnplane.events.bgp;

import io.vpnplane.events.EventType;

/**
 * The session is gone (BGP disabled on the connection, REQ-TUN-010, the connection deleted or detached, or the
 * leased-line session deleted): agents close it and every route it learned is withdrawn (REQ-AS-003).
 */
@EventType(value = "io.vpnplane.bgp.session-removed", version = 1)
public record BgpSessionRemoved(String sessionId, String vpnGatewayId, String reason) implements BgpSessionEvent {
}
