package io.vpnplane.events.bgp;

import java.time.Instant;

import io.vpnplane.events.EventType;

/** No session of the VPN gateway has a path to the prefix any more: routing-service drops its BGP entry. */
@EventType(value = "io.vpnplane.bgp.best-route-removed", version = 1)
public record BgpBestRouteRemoved(String vpnGatewayId, String prefix, Instant removedAt) implements BgpBestRouteEvent {
}
