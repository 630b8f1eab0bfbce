package io.vpnplane.bgp.rib;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Adj-RIB-Ins of the sessions of one VPN gateway and the best path per prefix chosen from them. Every update
 * returns the best-route changes it caused, in prefix order, and nothing when the best path stayed the same, so
 * routing-service only hears about real changes.
 */
public final class LocRib {

    private final ImportPolicy policy = new ImportPolicy();
    private final BestPathSelector selector = new BestPathSelector();
    private final Map<String, AdjRibIn> sessions = new LinkedHashMap<>();
    private final TreeMap<Ipv4Prefix, LearnedRoute> best = new TreeMap<>();

    /** Registers a session with its route limit; a known session keeps its routes. */
    public void addSession(String sessionId, int routeLimit) {
        sessions.computeIfAbsent(sessionId, id -> new AdjRibIn(policy, routeLimit));
    }

    public record Announcement(AdjRibIn.Admission admission, List<BestRouteChange> changes) {
    }

    public Announcement announce(LearnedRoute route) {
        var admission = session(route.sessionId()).announce(route);
        var changes = admission instanceof AdjRibIn.Admission.Accepted
                ? reselect(List.of(route.prefix()))
                : List.<BestRouteChange>of();
        return new Announcement(admission, changes);
    }

    public List<BestRouteChange> withdraw(String sessionId, Ipv4Prefix prefix) {
        return session(sessionId).withdraw(prefix) ? reselect(List.of(prefix)) : List.of();
    }

    /** The session went down or was removed: everything it learned is withdrawn (REQ-AS-003). */
    public List<BestRouteChange> dropSession(String sessionId) {
        var rib = sessions.get(sessionId);
        if (rib == null) {
            return List.of();
        }
        var prefixes = rib.clear().stream().map(LearnedRoute::prefix).toList();
        return reselect(prefixes);
    }

    public void removeSession(String sessionId) {
        sessions.remove(sessionId);
    }

    public Optional<LearnedRoute> best(Ipv4Prefix prefix) {
        return Optional.ofNullable(best.get(prefix));
    }

    public Map<Ipv4Prefix, LearnedRoute> bestRoutes() {
        return Collections.unmodifiableMap(best);
    }

    public Map<Ipv4Prefix, LearnedRoute> received(String sessionId) {
        return session(sessionId).routes();
    }

    /** The session's accepted routes; empty for a session that is not (or no longer) registered. */
    public Map<Ipv4Prefix, LearnedRoute> receivedOrEmpty(String sessionId) {
        var rib = sessions.get(sessionId);
        return rib == null ? Map.of() : rib.routes();
    }

    private AdjRibIn session(String sessionId) {
        var rib = sessions.get(sessionId);
        if (rib == null) {
            throw new IllegalArgumentException("unknown BGP session " + sessionId);
        }
        return rib;
    }

    private List<BestRouteChange> reselect(List<Ipv4Prefix> prefixes) {
        var changes = new ArrayList<BestRouteChange>();
        for (var prefix : new TreeSet<>(prefixes)) {
            var candidates = sessions.values().stream()
                    .map(rib -> rib.routes().get(prefix))
                    .filter(Objects::nonNull)
                    .toList();
            var chosen = selector.best(candidates);
            var previous = Optional.ofNullable(best.get(prefix));
            if (chosen.equals(previous)) {
                continue;
            }
            if (chosen.isPresent()) {
                best.put(prefix, chosen.get());
                changes.add(new BestRouteChange.Selected(prefix, chosen.get()));
            } else {
                best.remove(prefix);
                changes.add(new BestRouteChange.Removed(prefix));
            }
        }
        return changes;
    }
}
