package io.vpnplane.events.routing;

import java.time.Instant;

import io.vpnplane.events.EventType;

/**
 * A destination-based route entry was added to a VPN gateway (REQ-RT-001): by the user (STATIC), for a policy-mode
 * connection (POLICY) or from BGP.
 *
 * @param destinationCidr          canonical IPv4 CIDR, never 0.0.0.0/0 nor overlapping 100.64.0.0/10
 * @param nextHopType              always {@code ipsec-connection} in version 1
 * @param nextHop                  the IPsec connection id
 * @param weight                   100 active, 0 standby
 * @param publishToVpc             whether it is to be published to the VPC's system route table; when true a
 *                                 {@link RoutePublishedToVpc} follows in the same append
 * @param propagateToTransitRouter the next hop connection's autoPropagateToDefaultRouteTable (REQ-CONN-010)
 */
@EventType(value = "io.vpnplane.route.entry-added", version = 1)
public record RouteEntryAdded(
        String vpnGatewayId,
        String routeId,
        String destinationCidr,
        String nextHopType,
        String nextHop,
        int weight,
        boolean publishToVpc,
        RouteSource source,
        boolean propagateToTransitRouter,
        Instant createdAt) implements RouteEvent {
}
