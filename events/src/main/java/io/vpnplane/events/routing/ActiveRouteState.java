package io.vpnplane.events.routing;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * The entry forwarding uses for one destination of one source of one VPN gateway, as current state: topic
 * {@code vpn.active-routes} (compacted), written by routing-service in the same transaction as the
 * {@link ActiveRouteSwitched} it mirrors. Kafka key and {@code ce_subject} = {@link #keyOf} (gateway id, source,
 * destination). A gateway agent reads the topic from the beginning at start and holds exactly the routes in effect,
 * however long ago they were switched; the history stays on {@code vpn.routes}.
 */
@EventTopic(Topics.ACTIVE_ROUTES)
public sealed interface ActiveRouteState permits ActiveRouteInEffect, ActiveRouteCleared {

    String vpnGatewayId();

    RouteSource source();

    String destinationCidr();

    /** The Kafka key of one destination: {@code <vpnGatewayId>/<SOURCE>/<destinationCidr>}. */
    static String keyOf(String vpnGatewayId, RouteSource source, String destinationCidr) {
        return vpnGatewayId + "/" + source.name() + "/" + destinationCidr;
    }
}
