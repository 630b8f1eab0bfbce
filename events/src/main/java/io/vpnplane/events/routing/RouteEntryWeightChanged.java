package io.vpnplane.events.routing;

import io.vpnplane.events.EventType;

/** The user changed an entry's weight (REQ-RT-006: only while the destination has no entry of the other weight). */
@EventType(value = "io.vpnplane.route.entry-weight-changed", version = 1)
public record RouteEntryWeightChanged(
        String vpnGatewayId,
        String routeId,
        String destinationCidr,
        String nextHop,
        int previousWeight,
        int weight) implements RouteEvent {
}
