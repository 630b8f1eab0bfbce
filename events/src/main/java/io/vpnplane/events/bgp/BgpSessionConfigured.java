package io.vpnplane.events.bgp;

import java.util.List;
import java.util.Optional;

import io.vpnplane.events.EventType;

/**
 * A BGP session's configuration, in full: first definition or any change (a later one replaces the earlier).
 *
 * @param pathKind           what the session runs over; a leased-line path beats an IPsec path (REQ-AS-002)
 * @param localAsn           the cloud side's ASN
 * @param peerAsn            the peer's ASN (the customer gateway's for an IPsec session, REQ-CGW-004)
 * @param localAddress       the cloud side's BGP address (the tunnel's local BGP IP, REQ-TUN-008)
 * @param peerAddress        the peer's BGP address
 * @param nodeId             the gateway node that runs a leased-line session; an IPsec session runs where its tunnel runs
 * @param ipsecConnectionId  the connection of an IPsec session
 * @param tunnelId           the tunnel of an IPsec session
 * @param advertisedPrefixes what the cloud side announces to the peer (REQ-CONN-010 auto-advertise)
 */
@EventType(value = "io.vpnplane.bgp.session-configured", version = 1)
public record BgpSessionConfigured(
        String sessionId,
        String accountId,
        String vpnGatewayId,
        BgpPathKind pathKind,
        long localAsn,
        long peerAsn,
        String localAddress,
        String peerAddress,
        Optional<String> nodeId,
        Optional<String> ipsecConnectionId,
        Optional<String> tunnelId,
        List<String> advertisedPrefixes) implements BgpSessionEvent {
}
