package io.vpnplane.bgp.session;

import java.util.Optional;

import io.vpnplane.bgp.rib.PathKind;

/**
 * The configuration of one BGP session bgp-service expects a gateway node to run.
 *
 * @param ipsecConnectionId the connection of an IPsec session (its tunnel is {@code tunnelId})
 * @param tunnelId          the tunnel of an IPsec session
 */
public record SessionSpec(
        String sessionId,
        String accountId,
        String vpnGatewayId,
        PathKind kind,
        Asn localAsn,
        Asn peerAsn,
        String localAddress,
        String peerAddress,
        Optional<String> ipsecConnectionId,
        Optional<String> tunnelId) {
}
