package io.vpnplane.bgp.session;

import java.util.List;
import java.util.Optional;

import io.vpnplane.bgp.rib.Ipv4Prefix;
import io.vpnplane.bgp.rib.PathKind;
import io.vpnplane.events.connection.IpsecConnectionState;

/**
 * Which BGP sessions an IPsec connection needs right now: one per tunnel when BGP is switched on for the connection,
 * the tunnel has BGP addressing, the customer gateway has an ASN (REQ-CGW-004) and the connection is attached to a
 * VPN gateway. Applied to every connection event, so enabling BGP after creation and disabling it (REQ-TUN-010) are
 * just a different answer for the new state.
 */
public final class IpsecSessionPlanner {

    /** The session id of a tunnel's session: stable across enable/disable so its history stays one stream. */
    public static String sessionIdOf(String tunnelId) {
        return "bgp-" + tunnelId;
    }

    public List<SessionSpec> sessions(IpsecConnectionState connection) {
        if (!connection.bgp().enabled() || connection.attachment().vpnGatewayId().isEmpty()) {
            return List.of();
        }
        var vpnGatewayId = connection.attachment().vpnGatewayId().get();
        var localAsn = new Asn(connection.bgp().localAsn());
        return connection.tunnels().stream()
                .flatMap(tunnel -> session(connection, vpnGatewayId, localAsn, tunnel).stream())
                .toList();
    }

    private Optional<SessionSpec> session(IpsecConnectionState connection, String vpnGatewayId, Asn localAsn,
            IpsecConnectionState.Tunnel tunnel) {
        if (tunnel.bgp().isEmpty() || tunnel.customerGatewayAsn().isEmpty()) {
            return Optional.empty();
        }
        var addressing = tunnel.bgp().get();
        return peerAddress(addressing.tunnelCidr(), addressing.localBgpIp()).map(peer -> new SessionSpec(
                sessionIdOf(tunnel.id()), connection.accountId(), vpnGatewayId, PathKind.IPSEC, localAsn,
                new Asn(tunnel.customerGatewayAsn().get()), addressing.localBgpIp(), peer,
                Optional.of(connection.id()), Optional.of(tunnel.id())));
    }

    /** The other host address of the /30 tunnel CIDR (REQ-TUN-008): 169.254.10.0/30 with .1 local → .2. */
    static Optional<String> peerAddress(String tunnelCidr, String localBgpIp) {
        var cidr = Ipv4Prefix.parse(tunnelCidr).filter(p -> p.length() == 30);
        var local = Ipv4Prefix.parse(localBgpIp + "/32");
        if (cidr.isEmpty() || local.isEmpty()) {
            return Optional.empty();
        }
        int base = cidr.get().network();
        int localHost = local.get().network() - base;
        if (localHost != 1 && localHost != 2) {
            return Optional.empty();
        }
        return Optional.of(new Ipv4Prefix(base + (3 - localHost), 32).toString().replace("/32", ""));
    }
}
