package io.vpnplane.agent.managed;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.vpnplane.agent.dataplane.Ipv4Prefix;
import io.vpnplane.events.bgp.BgpBestRouteEvent;
import io.vpnplane.events.bgp.BgpBestRouteRemoved;
import io.vpnplane.events.bgp.BgpBestRouteSelected;
import io.vpnplane.events.bgp.BgpPathKind;
import io.vpnplane.events.routing.RouteSource;

/**
 * bgp-service's best paths that leave through a leased line (REQ-AS-002), folded from {@code vpn.bgp}: the node that
 * runs the leased-line session forwards those prefixes to the session's BGP next hop. Best paths over IPsec are
 * routing-service's business ({@code vpn.routes} → the forwarding table); a prefix whose best path moves from the
 * leased line to IPsec leaves this set, and the other way round.
 *
 * <p>Two VPN gateways whose leased lines on this node both reach a prefix cannot both be served by the node's one
 * table: the lowest gateway id wins, as for tunnel routes ({@link RouteFollower}).
 */
final class LeasedLineRoutes {

    private record Destination(String vpnGatewayId, String prefix) {
    }

    private record LeasedPath(String sessionId, String nextHop) {
    }

    private final Map<Destination, LeasedPath> best = new HashMap<>();

    /** Folds one best-route event; answers whether the leased-line paths changed. */
    boolean apply(BgpBestRouteEvent event) {
        return switch (event) {
            case BgpBestRouteSelected selected -> {
                Destination destination = new Destination(selected.vpnGatewayId(), selected.prefix());
                if (selected.pathKind() != BgpPathKind.LEASED_LINE) {
                    yield best.remove(destination) != null;
                }
                LeasedPath path = new LeasedPath(selected.sessionId(), selected.nextHop());
                yield !path.equals(best.put(destination, path));
            }
            case BgpBestRouteRemoved removed -> best.remove(new Destination(removed.vpnGatewayId(), removed.prefix())) != null;
        };
    }

    /**
     * Prefix → next hop for the leased-line sessions this node runs, chosen as {@link RouteFollower} chooses among
     * gateways; destinations that are not IPv4 prefixes are skipped.
     */
    Map<Ipv4Prefix, String> of(Set<String> sessionsHere) {
        Map<RouteFollower.Destination, String> here = new HashMap<>();
        best.forEach((destination, path) -> {
            if (sessionsHere.contains(path.sessionId())) {
                here.put(new RouteFollower.Destination(destination.vpnGatewayId(), RouteSource.BGP, destination.prefix()),
                        path.nextHop());
            }
        });
        return RouteFollower.effective(here.entrySet());
    }
}
