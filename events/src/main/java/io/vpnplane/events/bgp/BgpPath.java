package io.vpnplane.events.bgp;

import java.util.List;
import java.util.Optional;

/**
 * One received path as the peer sent it (before our import policy).
 *
 * @param prefix    IPv4 prefix {@code a.b.c.d/n}
 * @param nextHop   NEXT_HOP, dotted quad
 * @param asPath    AS_PATH flattened to ASNs in order (an AS_SET contributes its members once, in received order)
 * @param localPref LOCAL_PREF when present (iBGP only)
 * @param med       MULTI_EXIT_DISC when present
 */
public record BgpPath(
        String prefix,
        String nextHop,
        List<Long> asPath,
        BgpOrigin origin,
        Optional<Long> localPref,
        Optional<Long> med) {
}
