package io.vpnplane.bgp.session;

import java.util.Collection;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import io.vpnplane.bgp.rib.PathKind;

/**
 * REQ-X-004: a data center reaching one VPN gateway over a leased line and over IPsec should use the same ASN on
 * both, otherwise the paths look like two different origins and routes flap. A warning, never a refusal: the
 * sessions still run.
 */
public final class AsnConsistencyCheck {

    /** The warning for one VPN gateway's sessions, when it has both kinds and their peer ASNs differ. */
    public Optional<Warning> check(String vpnGatewayId, Collection<SessionSpec> sessions) {
        var leased = peerAsns(sessions, PathKind.LEASED_LINE);
        var ipsec = peerAsns(sessions, PathKind.IPSEC);
        if (leased.isEmpty() || ipsec.isEmpty() || leased.equals(ipsec)) {
            return Optional.empty();
        }
        return Optional.of(new Warning(vpnGatewayId, leased, ipsec));
    }

    private static TreeSet<Long> peerAsns(Collection<SessionSpec> sessions, PathKind kind) {
        var asns = new TreeSet<Long>();
        sessions.stream().filter(s -> s.kind() == kind).forEach(s -> asns.add(s.peerAsn().value()));
        return asns;
    }

    public record Warning(String vpnGatewayId, SortedSet<Long> leasedLinePeerAsns, SortedSet<Long> ipsecPeerAsns) {

        public String message() {
            return "VPN gateway " + vpnGatewayId + ": the data center uses ASN " + leasedLinePeerAsns + " on the leased line but "
                    + ipsecPeerAsns + " over IPsec; use the same ASN on both to avoid route flapping (REQ-X-004)";
        }
    }
}
