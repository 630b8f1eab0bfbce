package io.vpnplane.routing.table;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where an entry comes from. The declaration order is the lookup priority of REQ-X-001: policy-mode
 * routes, then static destination routes, then BGP-learned routes.
 */
public enum RouteSource {
    /** Added by the system for a policy-mode connection's remote CIDRs (REQ-CONN-007). */
    POLICY("policy"),
    /** Created by the user through the API. */
    STATIC("static"),
    /** Best routes learned over BGP, reported by bgp-service. */
    BGP("bgp");

    private final String wireName;

    RouteSource(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<RouteSource> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
