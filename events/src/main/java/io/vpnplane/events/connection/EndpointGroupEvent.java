package io.vpnplane.events.connection;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.EventType;
import io.vpnplane.events.Topics;

/** The events of one Neutron endpoint group, topic {@code vpn.endpoint-groups}, key = endpoint group id. */
@EventTopic(Topics.ENDPOINT_GROUPS)
public sealed interface EndpointGroupEvent {

    EndpointGroupState endpointGroup();

    @EventType(value = "io.vpnplane.endpoint-group.created", version = 1)
    record Created(EndpointGroupState endpointGroup) implements EndpointGroupEvent {
    }

    @EventType(value = "io.vpnplane.endpoint-group.updated", version = 1)
    record Updated(EndpointGroupState endpointGroup) implements EndpointGroupEvent {
    }

    /** The last state before deletion. */
    @EventType(value = "io.vpnplane.endpoint-group.deleted", version = 1)
    record Deleted(EndpointGroupState endpointGroup) implements EndpointGroupEvent {
    }
}
