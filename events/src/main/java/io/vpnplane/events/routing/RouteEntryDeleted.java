package io.vpnplane.events.routing;

import io.vpnplane.events.EventType;

/**
 * A route entry left the gateway's table. A published entry is unpublished ({@link RouteUnpublishedFromVpc}) in the
 * same append, before this event.
 *
 * @param cause why it went
 */
@EventType(value = "io.vpnplane.route.entry-deleted", version = 1)
public record RouteEntryDeleted(
        String vpnGatewayId,
        String routeId,
        String destinationCidr,
        String nextHop,
        RouteSource source,
        Cause cause) implements RouteEvent {

    public enum Cause {
        /** The user deleted it. */
        REQUESTED,
        /** Its connection was deleted or left the gateway. */
        CONNECTION_REMOVED,
        /** Its policy-mode connection's remote CIDRs or routing mode changed. */
        CONNECTION_CHANGED,
        /** A BGP route: bgp-service no longer selects an IPsec path of this gateway for the prefix. */
        BGP_WITHDRAWN
    }
}
