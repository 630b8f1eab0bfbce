package io.vpnplane.events.connection;

/** The events of one VPN gateway, topic {@code vpn.vpn-gateways}, key = VPN gateway id. */
public sealed interface VpnGatewayEvent {

    VpnGatewayState vpnGateway();

    record Created(VpnGatewayState vpnGateway) implements VpnGatewayEvent {
    }

    record Updated(VpnGatewayState vpnGateway) implements VpnGatewayEvent {
    }

    record Deleted(VpnGatewayState vpnGateway) implements VpnGatewayEvent {
    }
}
