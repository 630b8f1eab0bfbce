package io.vpnplane.events.connection;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.EventType;
import io.vpnplane.events.Topics;

/** The events of one customer gateway, topic {@code vpn.customer-gateways}, key = customer gateway id. */
@EventTopic(Topics.CUSTOMER_GATEWAYS)
public sealed interface CustomerGatewayEvent {

    CustomerGatewayState customerGateway();

    @EventType(value = "io.vpnplane.customer-gateway.created", version = 1)
    record Created(CustomerGatewayState customerGateway) implements CustomerGatewayEvent {
    }

    /** Name, description or tags changed. */
    @EventType(value = "io.vpnplane.customer-gateway.updated", version = 1)
    record Updated(CustomerGatewayState customerGateway) implements CustomerGatewayEvent {
    }

    /** The last state before deletion. */
    @EventType(value = "io.vpnplane.customer-gateway.deleted", version = 1)
    record Deleted(CustomerGatewayState customerGateway) implements CustomerGatewayEvent {
    }
}
