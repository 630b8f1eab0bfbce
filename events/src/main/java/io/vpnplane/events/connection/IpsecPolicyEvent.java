package io.vpnplane.events.connection;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.EventType;
import io.vpnplane.events.Topics;

/** The events of one Neutron IPsec policy, topic {@code vpn.ipsec-policies}, key = IPsec policy id. */
@EventTopic(Topics.IPSEC_POLICIES)
public sealed interface IpsecPolicyEvent {

    IpsecPolicyState ipsecPolicy();

    @EventType(value = "io.vpnplane.ipsec-policy.created", version = 1)
    record Created(IpsecPolicyState ipsecPolicy) implements IpsecPolicyEvent {
    }

    @EventType(value = "io.vpnplane.ipsec-policy.updated", version = 1)
    record Updated(IpsecPolicyState ipsecPolicy) implements IpsecPolicyEvent {
    }

    /** The last state before deletion. */
    @EventType(value = "io.vpnplane.ipsec-policy.deleted", version = 1)
    record Deleted(IpsecPolicyState ipsecPolicy) implements IpsecPolicyEvent {
    }
}
