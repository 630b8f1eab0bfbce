package io.vpnplane.events.connection;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.EventType;
import io.vpnplane.events.Topics;

import java.util.List;

/**
 * The events of one IPsec connection, topic {@code vpn.connections}, key = connection id. Each carries the
 * connection's full state after the change.
 */
@EventTopic(Topics.CONNECTIONS)
public sealed interface IpsecConnectionEvent {

    IpsecConnectionState connection();

    @EventType(value = "io.vpnplane.ipsec-connection.created", version = 1)
    record Created(IpsecConnectionState connection) implements IpsecConnectionEvent {
    }

    /**
     * Connection-level settings changed (name, tags, routing mode and CIDRs, effectImmediately, advanced, BGP
     * local ASN…). {@code changed} lists the top-level fields that differ, e.g. {@code ["routingMode",
     * "localCidrs"]}.
     */
    @EventType(value = "io.vpnplane.ipsec-connection.updated", version = 1)
    record Updated(IpsecConnectionState connection, List<String> changed) implements IpsecConnectionEvent {
    }

    /**
     * One tunnel changed (REQ-MOD-003: the other tunnel is untouched). {@code changed} lists the tunnel fields
     * that differ: {@code customerGatewayId}, {@code preSharedKey} (the key itself is never in the event; see
     * preSharedKeyVersion), {@code ike}, {@code ipsec}, {@code dpd}, {@code natTraversal}, {@code bgp},
     * {@code healthCheck}.
     */
    @EventType(value = "io.vpnplane.ipsec-connection.tunnel-changed", version = 1)
    record TunnelChanged(String tunnelId, IpsecConnectionState connection, List<String> changed)
            implements IpsecConnectionEvent {
    }

    /** BGP switched on (REQ-TUN-010); every tunnel's bgp addressing is set. */
    @EventType(value = "io.vpnplane.ipsec-connection.bgp-enabled", version = 1)
    record BgpEnabled(IpsecConnectionState connection) implements IpsecConnectionEvent {
    }

    @EventType(value = "io.vpnplane.ipsec-connection.bgp-disabled", version = 1)
    record BgpDisabled(IpsecConnectionState connection) implements IpsecConnectionEvent {
    }

    @EventType(value = "io.vpnplane.ipsec-connection.attached", version = 1)
    record Attached(IpsecConnectionState connection) implements IpsecConnectionEvent {
    }

    /** @param previous the attachment that ended */
    @EventType(value = "io.vpnplane.ipsec-connection.detached", version = 1)
    record Detached(IpsecConnectionState connection, IpsecConnectionState.Attachment previous)
            implements IpsecConnectionEvent {
    }

    @EventType(value = "io.vpnplane.ipsec-connection.grant-added", version = 1)
    record GrantAdded(IpsecConnectionState connection, IpsecConnectionState.Grant grant)
            implements IpsecConnectionEvent {
    }

    @EventType(value = "io.vpnplane.ipsec-connection.grant-revoked", version = 1)
    record GrantRevoked(IpsecConnectionState connection, IpsecConnectionState.Grant grant)
            implements IpsecConnectionEvent {
    }

    /** The last state before deletion. */
    @EventType(value = "io.vpnplane.ipsec-connection.deleted", version = 1)
    record Deleted(IpsecConnectionState connection) implements IpsecConnectionEvent {
    }
}
