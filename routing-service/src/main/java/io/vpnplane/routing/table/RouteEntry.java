package io.vpnplane.routing.table;

import java.time.Instant;

import io.vpnplane.routing.address.Ipv4Cidr;

/**
 * One destination-based route entry of a VPN gateway (REQ-RT-001). The next hop is always an IPsec
 * connection of the same gateway ({@code nextHopType = ipsec-connection}), named by its id.
 *
 * @param propagateToTransitRouter REQ-CONN-010 autoPropagateToDefaultRouteTable of the next hop's
 *                                 connection, for routes the connection brings (policy, bgp); user routes
 *                                 follow the same connection flag
 */
public record RouteEntry(
        String routeId,
        Ipv4Cidr destination,
        String nextHop,
        Weight weight,
        boolean publishedToVpc,
        RouteSource source,
        boolean propagateToTransitRouter,
        Instant createdAt) {

    public static final String NEXT_HOP_TYPE = "ipsec-connection";

    public RouteEntry withWeight(Weight newWeight) {
        return new RouteEntry(routeId, destination, nextHop, newWeight, publishedToVpc, source, propagateToTransitRouter, createdAt);
    }

    public RouteEntry withPublishedToVpc(boolean published) {
        return new RouteEntry(routeId, destination, nextHop, weight, published, source, propagateToTransitRouter, createdAt);
    }

    /** The seed-A cloud's state names: {@code published} once in the VPC's system route table, else {@code normal}. */
    public String state() {
        return publishedToVpc ? "published" : "normal";
    }
}
