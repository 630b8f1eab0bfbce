package io.vpnplane.agent.bgp.session;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import java.util.Optional;

/**
 * Which learned prefixes a session accepts. REQ-X-002: never a peer's default route, nor
 * 100.64.0.0/10 or any prefix inside or containing it (as REQ-RT-003 for static routes).
 */
public final class ImportPolicy {

    private static final Ipv4Prefix SHARED_ADDRESS_SPACE = Ipv4Prefix.parse("100.64.0.0/10");

    private ImportPolicy() {
    }

    /** The reason a prefix is refused, or empty when it is accepted. */
    public static Optional<String> refusal(Ipv4Prefix prefix) {
        if (prefix.length() == 0) {
            return Optional.of("default route not accepted from BGP (REQ-X-002)");
        }
        if (prefix.overlaps(SHARED_ADDRESS_SPACE)) {
            return Optional.of("100.64.0.0/10 and overlapping prefixes not accepted from BGP (REQ-X-002)");
        }
        return Optional.empty();
    }
}
