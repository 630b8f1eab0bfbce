package io.vpnplane.events.bgp;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * bgp-service's decision per prefix of one VPN gateway, for routing-service to turn into BGP route entries
 * (source BGP). Key and subject: the VPN gateway id. Emitted only when the best path really changes.
 */
@EventTopic(Topics.BGP)
public sealed interface BgpBestRouteEvent permits BgpBestRouteSelected, BgpBestRouteRemoved {

    String vpnGatewayId();

    String prefix();
}
