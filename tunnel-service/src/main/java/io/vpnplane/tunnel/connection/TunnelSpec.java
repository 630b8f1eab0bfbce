package io.vpnplane.tunnel.connection;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.vpnplane.events.connection.IpsecConnectionState;

/**
 * What tunnel-service needs to know about one tunnel of a connection, cut from connection-service's events
 * (event-carried state transfer; the service never calls connection-service). Two specs that are equal produce the same
 * agent configuration, so an event that leaves a tunnel's spec unchanged does not touch that tunnel (REQ-MOD-003).
 *
 * @param attachmentType   {@code none} | {@code vpn-gateway} | {@code transit-router}
 * @param siblingTunnelIds the other tunnels of the same connection (dual mode: one)
 * @param responseOnly     REQ-B-004: the gateway never initiates, it only answers the peer (false in specs stored
 *                         before the field existed)
 * @param tunnel           the tunnel as connection-service published it, its transit-sealed PSK included
 */
public record TunnelSpec(
        String tunnelId,
        String connectionId,
        String accountId,
        String attachmentType,
        Optional<String> vpnGatewayId,
        List<String> siblingTunnelIds,
        String routingMode,
        List<String> localCidrs,
        List<String> remoteCidrs,
        boolean effectImmediately,
        boolean responseOnly,
        boolean bgpEnabled,
        long localAsn,
        IpsecConnectionState.Tunnel tunnel) {

    public TunnelSpec {
        Objects.requireNonNull(tunnelId, "tunnelId");
        Objects.requireNonNull(tunnel, "tunnel");
        siblingTunnelIds = List.copyOf(siblingTunnelIds);
        localCidrs = List.copyOf(localCidrs);
        remoteCidrs = List.copyOf(remoteCidrs);
    }

    /** One spec per tunnel of the connection. */
    public static List<TunnelSpec> of(IpsecConnectionState connection) {
        List<String> ids = connection.tunnels().stream().map(IpsecConnectionState.Tunnel::id).toList();
        return connection.tunnels().stream().map(t -> new TunnelSpec(t.id(), connection.id(), connection.accountId(),
                connection.attachment().type(), connection.attachment().vpnGatewayId(),
                ids.stream().filter(id -> !id.equals(t.id())).toList(), connection.routingMode(), connection.localCidrs(),
                connection.remoteCidrs(), connection.effectImmediately(),
                connection.initiator().filter("response-only"::equals).isPresent(), connection.bgp().enabled(), connection.bgp().localAsn(), t))
                .toList();
    }

    /**
     * The PSK sealed with the transit key ({@link io.vpnplane.events.secret.TransitKey}); absent in events written
     * before connection-service sealed keys (docs/architecture.md, "Secrets").
     */
    public Optional<String> transitSealedPreSharedKey() {
        return tunnel.transitSealedPreSharedKey();
    }

    /**
     * REQ-TUN-012: a connection gets gateway IPs, and so runs anywhere, only once it is attached (to a transit router or
     * a VPN gateway).
     */
    public boolean attached() {
        return !"none".equals(attachmentType);
    }

    /**
     * Whether the agent configuration would differ. The transit-sealed value itself is left out: it is re-encrypted with
     * a fresh nonce whenever connection-service writes it, and the key's version (inside {@code tunnel}) says when the key
     * really changed.
     */
    public boolean sameSettingsAs(TunnelSpec other) {
        return withoutSecret().equals(other.withoutSecret())
                && transitSealedPreSharedKey().isPresent() == other.transitSealedPreSharedKey().isPresent();
    }

    private TunnelSpec withoutSecret() {
        IpsecConnectionState.Tunnel t = tunnel;
        IpsecConnectionState.Tunnel withoutKey = new IpsecConnectionState.Tunnel(t.id(), t.customerGatewayId(),
                t.customerGatewayIp(), t.customerGatewayAsn(), t.preSharedKeyVersion(), t.ike(), t.ipsec(), t.dpd(),
                t.natTraversal(), t.bgp(), t.healthCheck(), Optional.empty());
        return new TunnelSpec(tunnelId, connectionId, accountId, attachmentType, vpnGatewayId, siblingTunnelIds, routingMode,
                localCidrs, remoteCidrs, effectImmediately, responseOnly, bgpEnabled, localAsn, withoutKey);
    }
}
