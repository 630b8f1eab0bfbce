package io.vpnplane.agent.managed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.message.PathAttributes;
import io.vpnplane.agent.bgp.session.BgpEvent;
import io.vpnplane.agent.bgp.session.LearnedRoute;
import io.vpnplane.agent.bgp.session.SessionState;
import io.vpnplane.events.bgp.BgpFsmState;
import io.vpnplane.events.bgp.BgpObservation;
import io.vpnplane.events.bgp.BgpOrigin;
import io.vpnplane.events.bgp.BgpPath;
import io.vpnplane.events.bgp.BgpRoutesLearned;
import io.vpnplane.events.bgp.BgpRoutesWithdrawn;
import io.vpnplane.events.bgp.BgpSessionStateObserved;

/**
 * Turns a run of speaker events into the contract events bgp-service consumes, in order per session: each session's
 * consecutive learned (or withdrawn) events become one event of at most {@value #MAX_BATCH} entries, a state change
 * closes the batch before it. A session retrying its connection flips between CONNECT and ACTIVE every connect retry;
 * only the first state of such a run is reported (both mean "not connected, trying"). Used by one thread.
 */
final class BgpObservationBatches {

    /** Keeps one record well below Kafka's 1 MB default (a path is about 120 bytes of JSON). */
    static final int MAX_BATCH = 1000;

    /** A speaker event with when it happened and, for a state change to ESTABLISHED, the peer's BGP identifier. */
    record Observed(BgpEvent event, Optional<String> peerRouterId, Instant at) {
    }

    private final String nodeId;
    private final Map<String, BgpFsmState> reported = new HashMap<>();

    BgpObservationBatches(String nodeId) {
        this.nodeId = nodeId;
    }

    List<BgpObservation> of(List<Observed> run) {
        List<BgpObservation> out = new ArrayList<>();
        Map<String, Batch> open = new LinkedHashMap<>();
        for (Observed observed : run) {
            String id = observed.event().sessionId();
            switch (observed.event()) {
                case BgpEvent.StateChanged changed -> {
                    Optional.ofNullable(open.remove(id)).ifPresent(batch -> out.add(batch.event()));
                    state(changed, observed).ifPresent(out::add);
                }
                case BgpEvent.RoutesLearned learned -> learned.routes().forEach(route ->
                        batch(open, out, id, true, observed.at()).paths.add(path(route)));
                case BgpEvent.RoutesWithdrawn withdrawn -> withdrawn.prefixes().forEach(prefix ->
                        batch(open, out, id, false, observed.at()).prefixes.add(prefix.toString()));
                case BgpEvent.RoutesRejected ignored -> {
                    // the speaker logs them; bgp-service applies the same import policy (REQ-X-002)
                }
                case BgpEvent.PrefixLimitExceeded ignored -> {
                    // the speaker logs a warning; the session stays up (REQ-X-003)
                }
            }
        }
        open.values().forEach(batch -> out.add(batch.event()));
        return out;
    }

    /** The session's open batch of this kind with room for one more entry; a full one or one of the other kind is closed. */
    private Batch batch(Map<String, Batch> open, List<BgpObservation> out, String sessionId, boolean learned, Instant at) {
        Batch batch = open.get(sessionId);
        if (batch == null || batch.learned != learned || batch.size() >= MAX_BATCH) {
            if (batch != null) {
                out.add(batch.event());
            }
            batch = new Batch(sessionId, learned);
            open.put(sessionId, batch);
        }
        batch.at = at;
        return batch;
    }

    private Optional<BgpObservation> state(BgpEvent.StateChanged changed, Observed observed) {
        BgpFsmState state = BgpFsmState.valueOf(changed.to().name());
        BgpFsmState previous = reported.put(changed.sessionId(), state);
        if (retrying(previous) && retrying(state)) {
            return Optional.empty();
        }
        Optional<String> reason = changed.to() == SessionState.ESTABLISHED ? Optional.empty() : Optional.of(changed.reason());
        return Optional.of(new BgpSessionStateObserved(changed.sessionId(), nodeId, state, observed.peerRouterId(), reason,
                observed.at()));
    }

    private static boolean retrying(BgpFsmState state) {
        return state == BgpFsmState.CONNECT || state == BgpFsmState.ACTIVE;
    }

    /** A learned route as the contract's path; the AS_PATH flattened segment by segment. */
    static BgpPath path(LearnedRoute route) {
        PathAttributes attributes = route.attributes();
        return new BgpPath(route.prefix().toString(), Ipv4Prefix.formatAddress(attributes.nextHop()),
                attributes.asPath().segments().stream().flatMap(segment -> segment.asns().stream()).toList(),
                BgpOrigin.valueOf(attributes.origin().name()),
                attributes.localPref().isPresent() ? Optional.of(attributes.localPref().getAsLong()) : Optional.empty(),
                attributes.med().isPresent() ? Optional.of(attributes.med().getAsLong()) : Optional.empty());
    }

    /** One session's consecutive learned paths or withdrawn prefixes. */
    private final class Batch {
        final String sessionId;
        final boolean learned;
        final List<BgpPath> paths = new ArrayList<>();
        final List<String> prefixes = new ArrayList<>();
        Instant at;

        Batch(String sessionId, boolean learned) {
            this.sessionId = sessionId;
            this.learned = learned;
        }

        int size() {
            return learned ? paths.size() : prefixes.size();
        }

        BgpObservation event() {
            return learned ? new BgpRoutesLearned(sessionId, nodeId, List.copyOf(paths), at)
                    : new BgpRoutesWithdrawn(sessionId, nodeId, List.copyOf(prefixes), at);
        }
    }
}
