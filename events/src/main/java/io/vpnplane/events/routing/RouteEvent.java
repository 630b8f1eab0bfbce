package io.vpnplane.events.routing;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * The events of one VPN gateway's route table, written by routing-service, topic {@code vpn.routes}, Kafka key and
 * {@code ce_subject} = the VPN gateway id, {@code ce_account} = its account. Folding them in order gives the
 * gateway's route entries ({@link RouteEntryAdded}, {@link RouteEntryWeightChanged}, {@link RouteEntryDeleted}),
 * its VPC publications ({@link RoutePublishedToVpc}, {@link RouteUnpublishedFromVpc}) and, through
 * {@link ActiveRouteSwitched}, exactly which entry forwarding uses for every destination: what a gateway agent
 * installs in its forwarding table.
 */
@EventTopic(Topics.ROUTES)
public sealed interface RouteEvent
        permits RouteEntryAdded, RouteEntryWeightChanged, RouteEntryDeleted, RoutePublishedToVpc, RouteUnpublishedFromVpc,
        ActiveRouteSwitched {

    String vpnGatewayId();
}
