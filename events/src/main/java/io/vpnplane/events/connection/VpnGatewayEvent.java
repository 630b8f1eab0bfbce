package io.vpnplane.events.connection;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.EventType;
import io.vpnplane.events.Topics;

/** The events of one VPN gateway, topic {@code vpn.vpn-gateways}, key = VPN gateway id. */
@EventTopic(Topics.VPN_GATEWAYS)
public sealed interface VpnGatewayEvent {

    VpnGatewayState vpnGateway();

    @EventType(value = "io.vpnplane.vpn-gateway.created", version = 1)
    record Created(VpnGatewayState vpnGateway) implements VpnGatewayEvent {
    }

    @EventType(value = "io.vpnplane.vpn-gateway.updated", version = 1)
    record Updated(VpnGatewayState vpnGateway) implements VpnGatewayEvent {
    }

    @EventType(value = "io.vpnplane.vpn-gateway.deleted", version = 1)
    record Deleted(VpnGatewayState vpnGateway) implements VpnGatewayEvent {
    }
}
