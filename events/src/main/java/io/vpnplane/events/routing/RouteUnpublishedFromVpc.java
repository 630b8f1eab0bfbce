package io.vpnplane.events.routing;

import java.util.Optional;

import io.vpnplane.events.EventType;

/**
 * For the VPC owner: the VPC's system route table no longer sends {@code destinationCidr} to the VPN gateway
 * for this entry.
 *
 * @param cause why
 */
@EventType(value = "io.vpnplane.route.unpublished-from-vpc", version = 1)
public record RouteUnpublishedFromVpc(
        String vpnGatewayId,
        Optional<String> vpcId,
        String routeId,
        String destinationCidr,
        RouteSource source,
        Cause cause) implements RouteEvent {

    public enum Cause {
        /** The user unpublished it. */
        REQUESTED,
        /** The entry itself was deleted. */
        ROUTE_DELETED,
        /**
         * REQ-RT-008: a destination-based (STATIC) route with the same CIDR published to the same VPC was deleted,
         * and that removes this policy route from the VPC too.
         */
        DESTINATION_ROUTE_DELETED
    }
}
