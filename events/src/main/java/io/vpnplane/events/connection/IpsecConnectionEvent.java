package io.vpnplane.events.connection;

import java.util.List;

/**
 * The events of one IPsec connection, topic {@code vpn.connections}, key = connection id. Each carries the
 * connection's full state after the change.
 */
public sealed interface IpsecConnectionEvent {

    IpsecConnectionState connection();

    record Created(IpsecConnectionState connection) implements IpsecConnectionEvent {
    }

    /**
     * Connection-level settings changed (name, tags, routing mode and CIDRs, effectImmediately, advanced, BGP
     * local ASN…). {@code changed} lists the top-level fields that differ, e.g. {@code ["routingMode",
     * "localCidrs"]}.
     */
    record Updated(IpsecConnectionState connection, List<String> changed) implements IpsecConnectionEvent {
    }

    /**
     * One tunnel changed (REQ-MOD-003: the other tunnel is untouched). {@code changed} lists the tunnel fields
     * that differ: {@code customerGatewayId}, {@code preSharedKey} (the key itself is never in the event; see
     * preSharedKeyVersion), {@code ike}, {@code ipsec}, {@code dpd}, {@code natTraversal}, {@code bgp},
     * {@code healthCheck}.
     */
    record TunnelChanged(String tunnelId, IpsecConnectionState connection, List<String> changed)
            implements IpsecConnectionEvent {
    }

    /** BGP switched on (REQ-TUN-010); every tunnel's bgp addressing is set. */
    record BgpEnabled(IpsecConnectionState connection) implements IpsecConnectionEvent {
    }

    record BgpDisabled(IpsecConnectionState connection) implements IpsecConnectionEvent {
    }

    record Attached(IpsecConnectionState connection) implements IpsecConnectionEvent {
    }

    /** @param previous the attachment that ended */
    record Detached(IpsecConnectionState connection, IpsecConnectionState.Attachment previous)
            implements IpsecConnectionEvent {
    }

    record GrantAdded(IpsecConnectionState connection, IpsecConnectionState.Grant grant)
            implements IpsecConnectionEvent {
    }

    record GrantRevoked(IpsecConnectionState connection, IpsecConnectionState.Grant grant)
            implements IpsecConnectionEvent {
    }

    /** The last state before deletion. */
    record Deleted(IpsecConnectionState connection) implements IpsecConnectionEvent {
    }
}
