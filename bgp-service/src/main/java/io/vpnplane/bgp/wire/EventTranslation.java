package io.vpnplane.bgp.wire;

import java.time.Instant;
import java.util.Optional;

import io.vpnplane.bgp.rib.BestRouteChange;
import io.vpnplane.bgp.rib.Ipv4Prefix;
import io.vpnplane.bgp.rib.LearnedRoute;
import io.vpnplane.bgp.rib.Origin;
import io.vpnplane.bgp.session.SessionSpec;
import io.vpnplane.events.bgp.BgpBestRouteEvent;
import io.vpnplane.events.bgp.BgpBestRouteRemoved;
import io.vpnplane.events.bgp.BgpBestRouteSelected;
import io.vpnplane.events.bgp.BgpPath;
import io.vpnplane.events.bgp.BgpPathKind;

/** Between the vpn.bgp contract records and the RIB's own types. */
public final class EventTranslation {

    /**
     * The RIB's view of a path the agent reported on {@code session}; empty when the prefix is not a canonical IPv4
     * prefix (an agent bug or a hostile peer: the path is dropped, never trusted).
     */
    public Optional<LearnedRoute> learned(SessionSpec session, long peerRouterId, BgpPath path) {
        return Ipv4Prefix.parse(path.prefix()).map(prefix -> new LearnedRoute(prefix, session.sessionId(), session.kind(),
                path.nextHop(), path.localPref().orElse(LearnedRoute.DEFAULT_LOCAL_PREF), path.asPath(),
                Origin.valueOf(path.origin().name()), path.med().orElse(0L),
                session.localAsn().value() != session.peerAsn().value(), peerRouterId));
    }

    /** Parses a dotted-quad BGP identifier to its unsigned value (compared numerically by the selector). */
    public static Optional<Long> routerId(String dottedQuad) {
        return Ipv4Prefix.parse(dottedQuad + "/32").map(p -> Integer.toUnsignedLong(p.network()));
    }

    /** The contract event for a best-route change of one VPN gateway. */
    public BgpBestRouteEvent event(String vpnGatewayId, BestRouteChange change, Optional<SessionSpec> winner, Instant at) {
        return switch (change) {
            case BestRouteChange.Selected s -> new BgpBestRouteSelected(vpnGatewayId, s.prefix().toString(), s.best().sessionId(),
                    BgpPathKind.valueOf(s.best().pathKind().name()), winner.flatMap(SessionSpec::ipsecConnectionId),
                    s.best().nextHop(), s.best().asPath(), at);
            case BestRouteChange.Removed r -> new BgpBestRouteRemoved(vpnGatewayId, r.prefix().toString(), at);
        };
    }
}
