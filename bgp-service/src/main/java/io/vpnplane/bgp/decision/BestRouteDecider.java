package io.vpnplane.bgp.decision;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.bgp.rib.AdjRibIn;
import io.vpnplane.bgp.rib.BestRouteChange;
import io.vpnplane.bgp.rib.Ipv4Prefix;
import io.vpnplane.bgp.rib.LearnedRoute;
import io.vpnplane.bgp.rib.LocRib;
import io.vpnplane.bgp.session.BgpSessionReadModel;
import io.vpnplane.bgp.session.SessionSpec;
import io.vpnplane.bgp.session.StoredSession;
import io.vpnplane.bgp.wire.EventTranslation;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.eventsourcing.EventStore;
import io.vpnplane.eventsourcing.ExpectedVersion;
import io.vpnplane.eventsourcing.StreamId;
import io.vpnplane.events.bgp.BgpFsmState;

/**
 * Applies one change (routes learned or withdrawn, a session down or removed) to a VPN gateway's RIB inside the
 * caller's transaction: loads the gateway's Adj-RIB-Ins, lets {@link LocRib} decide, stores what changed and appends
 * a {@code BgpBestRouteSelected}/{@code Removed} per changed prefix to the gateway's stream, which the outbox relay
 * publishes for routing-service. A per-gateway advisory lock serialises the consumer and the REST side.
 */
@Singleton
public class BestRouteDecider {

    public static final String CATEGORY = "bgp-rib";

    private final EventTranslation translation = new EventTranslation();

    @Inject
    BgpSessionReadModel sessions;

    @Inject
    ReceivedRouteStore routes;

    @Inject
    EventStore store;

    @Inject
    Clock clock;

    /**
     * Records a reported session state (unless a later report was applied already) and, when the session is not
     * ESTABLISHED, withdraws everything it learned (REQ-AS-003). For an agent's report and for a node taken as lost.
     */
    public Uni<Void> sessionState(SqlConnection tx, String vpnGatewayId, String sessionId, String nodeId, BgpFsmState state,
            Optional<String> peerRouterId, Optional<String> reason, Instant observedAt, EventContext context) {
        return sessions.observed(tx, sessionId, nodeId, state, peerRouterId, reason, observedAt)
                .chain(applied -> applied && state != BgpFsmState.ESTABLISHED
                        ? apply(tx, vpnGatewayId, rib -> rib.dropSession(sessionId), context).replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }

    public Uni<List<BestRouteChange>> apply(SqlConnection tx, String vpnGatewayId, Function<LocRib, List<BestRouteChange>> change,
            EventContext context) {
        Instant at = clock.instant();
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))").execute(Tuple.of(CATEGORY + "/" + vpnGatewayId))
                .chain(() -> sessions.ofGateway(tx, vpnGatewayId))
                .chain(known -> routes.received(tx, known.stream().map(s -> s.spec().sessionId()).toList()).chain(stored -> {
                    LocRib rib = new LocRib();
                    known.forEach(s -> rib.addSession(s.spec().sessionId(), AdjRibIn.defaultLimit(s.kind())));
                    stored.forEach(rib::announce);
                    Map<String, Map<Ipv4Prefix, LearnedRoute>> before = new HashMap<>();
                    known.forEach(s -> before.put(s.spec().sessionId(), Map.copyOf(rib.received(s.spec().sessionId()))));
                    List<BestRouteChange> changes = change.apply(rib);
                    return persist(tx, vpnGatewayId, known, rib, before, changes, at, context).replaceWith(changes);
                }));
    }

    private Uni<Void> persist(SqlConnection tx, String vpnGatewayId, List<StoredSession> known, LocRib rib,
            Map<String, Map<Ipv4Prefix, LearnedRoute>> before, List<BestRouteChange> changes, Instant at, EventContext context) {
        List<LearnedRoute> upserted = new ArrayList<>();
        List<LearnedRoute> removed = new ArrayList<>();
        before.forEach((sessionId, old) -> {
            Map<Ipv4Prefix, LearnedRoute> now = rib.receivedOrEmpty(sessionId);
            old.forEach((prefix, route) -> {
                if (!now.containsKey(prefix)) {
                    removed.add(route);
                }
            });
            now.forEach((prefix, route) -> {
                if (!route.equals(old.get(prefix))) {
                    upserted.add(route);
                }
            });
        });
        Map<String, SessionSpec> specs = new HashMap<>();
        known.forEach(s -> specs.put(s.spec().sessionId(), s.spec()));
        List<Record> events = changes.stream().map(c -> (Record) translation.event(vpnGatewayId, c, switch (c) {
            case BestRouteChange.Selected s -> Optional.ofNullable(specs.get(s.best().sessionId()));
            case BestRouteChange.Removed r -> Optional.<SessionSpec>empty();
        }, at)).toList();
        return routes.save(tx, upserted, removed, at)
                .chain(() -> Multi.createFrom().iterable(changes).onItem().transformToUniAndConcatenate(c -> switch (c) {
                    case BestRouteChange.Selected s -> routes.selected(tx, vpnGatewayId, s.best(), at);
                    case BestRouteChange.Removed r -> routes.removedBest(tx, vpnGatewayId, r.prefix());
                }).collect().last())
                .chain(() -> events.isEmpty() ? Uni.createFrom().voidItem()
                        : store.append(tx, new StreamId(CATEGORY, vpnGatewayId), ExpectedVersion.any(), events, context).replaceWithVoid());
    }
}
