package io.vpnplane.bgp.rib;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Chooses the best of the paths to one prefix. The order, each step applied only when all earlier ones tie:
 * <ol>
 * <li>a leased-line path over an IPsec path (REQ-AS-002) — our product rule, ahead of every BGP attribute, so a
 * customer cannot make IPsec win by tweaking attributes on the leased line;</li>
 * <li>highest LOCAL_PREF;</li>
 * <li>shortest AS_PATH;</li>
 * <li>lowest ORIGIN (IGP &lt; EGP &lt; INCOMPLETE);</li>
 * <li>lowest MED — compared between all paths regardless of neighbour AS ("always-compare-med"), because comparing
 * only within one neighbour AS makes the result depend on arrival order (RFC 4271 §9.1.2.2 note), and we promise a
 * deterministic result;</li>
 * <li>eBGP over iBGP;</li>
 * <li>lowest peer router id;</li>
 * <li>lowest session id — never reached between real peers with distinct router ids, present so the order is total.</li>
 * </ol>
 * IGP cost to the next hop is skipped: every next hop here is directly connected (tunnel inner address or the
 * leased-line link).
 */
public final class BestPathSelector {

    static final Comparator<LearnedRoute> PREFERENCE = Comparator
            .comparing((LearnedRoute r) -> r.pathKind() != PathKind.LEASED_LINE)
            .thenComparing(Comparator.comparingLong(LearnedRoute::localPref).reversed())
            .thenComparingInt(r -> r.asPath().size())
            .thenComparing(LearnedRoute::origin)
            .thenComparingLong(LearnedRoute::med)
            .thenComparing(r -> !r.ebgp())
            .thenComparingLong(LearnedRoute::peerRouterId)
            .thenComparing(LearnedRoute::sessionId);

    /** The best path among candidates for the same prefix; empty when there are none. */
    public Optional<LearnedRoute> best(Collection<LearnedRoute> candidates) {
        return candidates.stream().min(PREFERENCE);
    }
}
