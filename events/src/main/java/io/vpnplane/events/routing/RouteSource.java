package io.vpnplane.events.routing;

/**
 * Where a route entry comes from; also the lookup priority (REQ-X-001): a destination matching a POLICY entry
 * uses it before any STATIC entry, and STATIC before BGP.
 */
public enum RouteSource {
    /** Added for a policy-mode connection's remote CIDRs (REQ-CONN-007). */
    POLICY,
    /** Created by the user (REQ-RT-001). */
    STATIC,
    /** A best route learned over BGP (REQ-AS-003). */
    BGP
}
