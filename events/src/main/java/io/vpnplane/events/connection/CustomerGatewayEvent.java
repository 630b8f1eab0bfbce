package io.vpnplane.events.connection;

/** The events of one customer gateway, topic {@code vpn.customer-gateways}, key = customer gateway id. */
public sealed interface CustomerGatewayEvent {

    CustomerGatewayState customerGateway();

    record Created(CustomerGatewayState customerGateway) implements CustomerGatewayEvent {
    }

    /** Name, description or tags changed. */
    record Updated(CustomerGatewayState customerGateway) implements CustomerGatewayEvent {
    }

    /** The last state before deletion. */
    record Deleted(CustomerGatewayState customerGateway) implements CustomerGatewayEvent {
    }
}
