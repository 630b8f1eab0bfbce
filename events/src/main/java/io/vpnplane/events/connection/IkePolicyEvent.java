package io.vpnplane.events.connection;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.EventType;
import io.vpnplane.events.Topics;

/** The events of one Neutron IKE policy, topic {@code vpn.ike-policies}, key = IKE policy id. */
@EventTopic(Topics.IKE_POLICIES)
public sealed interface IkePolicyEvent {

    IkePolicyState ikePolicy();

    @EventType(value = "io.vpnplane.ike-policy.created", version = 1)
    record Created(IkePolicyState ikePolicy) implements IkePolicyEvent {
    }

    @EventType(value = "io.vpnplane.ike-policy.updated", version = 1)
    record Updated(IkePolicyState ikePolicy) implements IkePolicyEvent {
    }

    /** The last state before deletion. */
    @EventType(value = "io.vpnplane.ike-policy.deleted", version = 1)
    record Deleted(IkePolicyState ikePolicy) implements IkePolicyEvent {
    }
}
