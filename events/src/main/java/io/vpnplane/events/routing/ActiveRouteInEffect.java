package io.vpnplane.events.routing;

import java.time.Instant;

import io.vpnplane.events.EventType;

/**
 * Forwarding for this destination uses {@code route} now (REQ-RT-005).
 *
 * @param reason     why, as in {@link ActiveRouteSwitched#reason()}
 * @param switchedAt when routing-service decided
 */
@EventType(value = "io.vpnplane.active-route.in-effect", version = 1)
public record ActiveRouteInEffect(String vpnGatewayId, RouteSource source, String destinationCidr, RouteRef route, String reason,
                                  Instant switchedAt) implements ActiveRouteState {
}
