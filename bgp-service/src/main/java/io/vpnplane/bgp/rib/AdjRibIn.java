package io.vpnplane.bgp.rib;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vpnplane.bgp.rib.ImportPolicy.RejectionReason;

/**
 * The routes one session accepted (RFC 4271 Adj-RIB-In after import policy), bounded by a route limit (REQ-X-003:
 * 50 for a VPN gateway BGP session by default, 110 for a leased-line peer). Over the limit, new prefixes are
 * dropped and reported, never a session reset; replacing an already accepted prefix is always allowed.
 */
public final class AdjRibIn {

    public static final int DEFAULT_IPSEC_LIMIT = 50;
    public static final int LEASED_LINE_LIMIT = 110;

    private final ImportPolicy policy;
    private final int limit;
    private final TreeMap<Ipv4Prefix, LearnedRoute> routes = new TreeMap<>();

    public AdjRibIn(ImportPolicy policy, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("route limit must be positive: " + limit);
        }
        this.policy = policy;
        this.limit = limit;
    }

    public static int defaultLimit(PathKind kind) {
        return kind == PathKind.LEASED_LINE ? LEASED_LINE_LIMIT : DEFAULT_IPSEC_LIMIT;
    }

    /** Offers an announced route; the outcome says whether it entered the table. */
    public Admission announce(LearnedRoute route) {
        var refused = policy.check(route.prefix());
        if (refused.isPresent()) {
            return new Admission.Rejected(route.prefix(), refused.get());
        }
        if (!routes.containsKey(route.prefix()) && routes.size() >= limit) {
            return new Admission.Rejected(route.prefix(), RejectionReason.ROUTE_LIMIT_EXCEEDED);
        }
        routes.put(route.prefix(), route);
        return new Admission.Accepted(route);
    }

    /** Removes a withdrawn prefix; true when it was in the table. */
    public boolean withdraw(Ipv4Prefix prefix) {
        return routes.remove(prefix) != null;
    }

    /** Drops everything (the session went down, REQ-AS-003) and returns what was dropped. */
    public Collection<LearnedRoute> clear() {
        var dropped = List.copyOf(routes.values());
        routes.clear();
        return dropped;
    }

    public Map<Ipv4Prefix, LearnedRoute> routes() {
        return Collections.unmodifiableMap(routes);
    }

    public int limit() {
        return limit;
    }

    public sealed interface Admission {
        record Accepted(LearnedRoute route) implements Admission {
        }

        record Rejected(Ipv4Prefix prefix, RejectionReason reason) implements Admission {
        }
    }
}
