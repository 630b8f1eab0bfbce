package io.vpnplane.bgp.rib;

import java.util.List;

/**
 * One path to a prefix as learned on one session, with the attributes the decision process compares.
 *
 * @param sessionId    the BGP session that learned it
 * @param pathKind     leased line or IPsec tunnel
 * @param nextHop      the peer address the traffic goes to
 * @param localPref    LOCAL_PREF (100 when the peer sent none, as RFC 4271 implementations default)
 * @param asPath       the AS_PATH as a flat sequence of ASNs (AS_SET counted as one, RFC 4271 §9.1.2.2)
 * @param origin       ORIGIN
 * @param med          MULTI_EXIT_DISC (0 when absent)
 * @param ebgp         learned from an external peer (peer ASN differs from the local ASN)
 * @param peerRouterId the peer's BGP identifier as an unsigned 32-bit value
 */
public record LearnedRoute(
        Ipv4Prefix prefix,
        String sessionId,
        PathKind pathKind,
        String nextHop,
        long localPref,
        List<Long> asPath,
        Origin origin,
        long med,
        boolean ebgp,
        long peerRouterId) {

    public static final long DEFAULT_LOCAL_PREF = 100;

    public LearnedRoute {
        asPath = List.copyOf(asPath);
    }
}
