package io.vpnplane.routing.gateway;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.eventsourcing.EventStore;
import io.vpnplane.eventsourcing.ExpectedVersion;
import io.vpnplane.eventsourcing.StreamId;
import io.vpnplane.events.routing.ActiveRouteCleared;
import io.vpnplane.events.routing.ActiveRouteInEffect;
import io.vpnplane.events.routing.ActiveRouteState;
import io.vpnplane.events.routing.ActiveRouteSwitched;
import io.vpnplane.events.routing.RouteEvent;
import io.vpnplane.routing.selection.LinkState;
import io.vpnplane.routing.table.RouteEntry;
import io.vpnplane.routing.table.RouteRuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The command path of a route table, inside the caller's transaction: read the stream version, load the table and
 * the facts a decision needs (the gateway's connections, their link states), decide, append at exactly that
 * version and project the new events in the same transaction. A concurrent writer makes the append fail with
 * {@code StreamVersionConflict}; nothing is written then.
 */
@ApplicationScoped
public class RouteTableCommands {

    /** Stream category of one destination's current state ({@link ActiveRouteState}). */
    private static final String ACTIVE_ROUTE_CATEGORY = "active-route";

    @Inject
    EventStore store;

    @Inject
    RoutingReadModel readModel;

    @Inject
    RouteTableProjection projection;

    Clock clock = Clock.systemUTC();

    /** What a decision may look at besides the table. */
    public record Facts(Set<String> gatewayConnections, Set<String> propagatingConnections, Function<String, LinkState> links) {
    }

    /** The committed result (in the caller's transaction). */
    public record Applied(RouteTable before, RouteTable table, long version, List<RouteEvent> events) {
    }

    /** A route rule refused the command; the REST layer answers with its code. */
    public static final class Refused extends RuntimeException {
        private final transient RouteRuleViolation violation;

        public Refused(RouteRuleViolation violation) {
            super(violation.code() + ": " + violation.detail(), null, false, false);
            this.violation = violation;
        }

        public RouteRuleViolation violation() {
            return violation;
        }
    }

    @FunctionalInterface
    public interface Decide {
        RouteTable.Decision apply(Loaded loaded);
    }

    public Clock clock() {
        return clock;
    }

    public static StreamId stream(String vpnGatewayId) {
        return new StreamId(RouteTableProjection.CATEGORY, vpnGatewayId);
    }

    /** Loads the table as of now, with its stream version and facts, without deciding anything. */
    public Uni<Loaded> load(SqlConnection tx, String vpnGatewayId) {
        return store.version(tx, stream(vpnGatewayId)).chain(version -> readModel.gateway(tx, vpnGatewayId)
                .chain(gateway -> readModel.routeTable(tx, vpnGatewayId, gateway.flatMap(RoutingReadModel.Gateway::vpcId)))
                .chain(table -> readModel.connectionsOf(tx, vpnGatewayId).chain(connections -> {
                    Set<String> nextHops = new HashSet<>(connections.keySet());
                    table.entries().values().stream().map(RouteEntry::nextHop).forEach(nextHops::add);
                    return readModel.linkStates(tx, nextHops).map(states -> new Loaded(table, version,
                            new Facts(Set.copyOf(connections.keySet()), connections.entrySet().stream().filter(Map.Entry::getValue)
                                    .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toUnmodifiableSet()),
                                    id -> states.getOrDefault(id, LinkState.DOWN))));
                })));
    }

    public record Loaded(RouteTable table, long version, Facts facts) {
    }

    public Uni<Applied> execute(SqlConnection tx, String vpnGatewayId, EventContext context, Decide decide) {
        return load(tx, vpnGatewayId).chain(loaded -> switch (decide.apply(loaded)) {
            case RouteTable.Decision.Refused refused -> Uni.createFrom().failure(new Refused(refused.violation()));
            case RouteTable.Decision.Accepted accepted when accepted.events().isEmpty() ->
                    Uni.createFrom().item(new Applied(loaded.table(), accepted.after(), loaded.version(), List.of()));
            case RouteTable.Decision.Accepted accepted -> store
                    .append(tx, stream(vpnGatewayId), ExpectedVersion.exactly(loaded.version()), records(accepted.events()), context)
                    .call(appended -> projection.apply(appended.events(), tx))
                    .call(() -> mirrorActiveRoutes(tx, accepted.events(), context))
                    .map(appended -> new Applied(loaded.table(), accepted.after(), appended.version(), accepted.events()));
        });
    }

    /**
     * Each switch also becomes the current state of its destination, on that destination's own stream (Kafka key, so
     * the compacted {@code vpn.active-routes} keeps exactly the routes in effect for agents that start later). One
     * statement for all of them: a BGP table moving to IPsec switches every prefix in one decision.
     */
    private Uni<Void> mirrorActiveRoutes(SqlConnection tx, List<RouteEvent> events, EventContext context) {
        Map<StreamId, Record> states = new LinkedHashMap<>();
        for (RouteEvent event : events) {
            if (event instanceof ActiveRouteSwitched switched) {
                ActiveRouteState state = switched.to().<ActiveRouteState>map(to -> new ActiveRouteInEffect(switched.vpnGatewayId(),
                                switched.source(), switched.destinationCidr(), to, switched.reason(), switched.switchedAt()))
                        .orElseGet(() -> new ActiveRouteCleared(switched.vpnGatewayId(), switched.source(), switched.destinationCidr(),
                                switched.switchedAt()));
                states.put(new StreamId(ACTIVE_ROUTE_CATEGORY,
                        ActiveRouteState.keyOf(switched.vpnGatewayId(), switched.source(), switched.destinationCidr())), (Record) state);
            }
        }
        return store.appendToEach(tx, states, context);
    }

    /** Every RouteEvent is a record (the sealed family permits records only); the store takes records. */
    private static List<Record> records(List<RouteEvent> events) {
        return events.stream().map(Record.class::cast).toList();
    }
}
