package io.vpnplane.bgp.rib;

import java.util.Optional;

/** What no peer may give us (REQ-X-002): the default route, and anything inside or containing 100.64.0.0/10. */
public final class ImportPolicy {

    private static final Ipv4Prefix DEFAULT_ROUTE = Ipv4Prefix.of("0.0.0.0/0");
    private static final Ipv4Prefix CARRIER_GRADE_NAT = Ipv4Prefix.of("100.64.0.0/10");

    /** Why the prefix is refused, or empty when it may enter the Adj-RIB-In. */
    public Optional<RejectionReason> check(Ipv4Prefix prefix) {
        if (prefix.equals(DEFAULT_ROUTE)) {
            return Optional.of(RejectionReason.DEFAULT_ROUTE);
        }
        if (prefix.overlaps(CARRIER_GRADE_NAT)) {
            return Optional.of(RejectionReason.RESERVED_RANGE);
        }
        return Optional.empty();
    }

    public enum RejectionReason {
        /** 0.0.0.0/0 from a peer (REQ-X-002). */
        DEFAULT_ROUTE,
        /** Inside or containing 100.64.0.0/10, which the service uses itself (REQ-X-002, REQ-RT-003). */
        RESERVED_RANGE,
        /** The session's route limit is reached (REQ-X-003): dropped with a warning, the session stays up. */
        ROUTE_LIMIT_EXCEEDED
    }
}
