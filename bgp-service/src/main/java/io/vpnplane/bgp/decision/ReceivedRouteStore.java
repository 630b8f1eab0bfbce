package io.vpnplane.bgp.decision;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.bgp.rib.Ipv4Prefix;
import io.vpnplane.bgp.rib.LearnedRoute;
import io.vpnplane.bgp.rib.Origin;
import io.vpnplane.bgp.rib.PathKind;

/** The Adj-RIB-In rows ({@code bgp_received_route}) and the best route per prefix ({@code bgp_best_route}). */
@Singleton
public class ReceivedRouteStore {

    /** The attributes of a route as stored (the prefix and session are columns). */
    private static JsonObject attributes(LearnedRoute route) {
        return new JsonObject().put("pathKind", route.pathKind().name()).put("nextHop", route.nextHop())
                .put("localPref", route.localPref()).put("asPath", route.asPath()).put("origin", route.origin().name())
                .put("med", route.med()).put("ebgp", route.ebgp()).put("peerRouterId", route.peerRouterId());
    }

    private static LearnedRoute route(String sessionId, String prefix, JsonObject a) {
        List<Long> asPath = new ArrayList<>();
        a.getJsonArray("asPath").forEach(n -> asPath.add(((Number) n).longValue()));
        return new LearnedRoute(Ipv4Prefix.of(prefix), sessionId, PathKind.valueOf(a.getString("pathKind")),
                a.getString("nextHop"), a.getLong("localPref"), asPath, Origin.valueOf(a.getString("origin")),
                a.getLong("med"), a.getBoolean("ebgp"), a.getLong("peerRouterId"));
    }

    public Uni<List<LearnedRoute>> received(SqlClient client, List<String> sessionIds) {
        return client.preparedQuery("SELECT * FROM bgp_received_route WHERE session_id = ANY($1) ORDER BY session_id, prefix")
                .execute(Tuple.of(sessionIds.toArray(String[]::new)))
                .map(rows -> {
                    List<LearnedRoute> routes = new ArrayList<>();
                    rows.forEach(row -> routes.add(route(row.getString("session_id"), row.getString("prefix"),
                            row.getJsonObject("route"))));
                    return routes;
                });
    }

    public record BestRoute(String prefix, LearnedRoute route, Instant selectedAt) {
    }

    public Uni<List<BestRoute>> best(SqlClient client, String vpnGatewayId) {
        return client.preparedQuery("SELECT * FROM bgp_best_route WHERE vpn_gateway_id = $1 ORDER BY prefix")
                .execute(Tuple.of(vpnGatewayId))
                .map(rows -> {
                    List<BestRoute> best = new ArrayList<>();
                    for (Row row : rows) {
                        best.add(new BestRoute(row.getString("prefix"), route(row.getString("session_id"), row.getString("prefix"),
                                row.getJsonObject("route")), row.getOffsetDateTime("selected_at").toInstant()));
                    }
                    return best;
                });
    }

    Uni<Void> save(SqlClient tx, List<LearnedRoute> upserted, List<LearnedRoute> removed, Instant at) {
        return Multi.createFrom().iterable(removed).onItem().transformToUniAndConcatenate(r -> tx
                        .preparedQuery("DELETE FROM bgp_received_route WHERE session_id = $1 AND prefix = $2")
                        .execute(Tuple.of(r.sessionId(), r.prefix().toString())))
                .collect().last()
                .chain(() -> Multi.createFrom().iterable(upserted).onItem().transformToUniAndConcatenate(r -> tx.preparedQuery("""
                                INSERT INTO bgp_received_route (session_id, prefix, route, received_at) VALUES ($1, $2, $3, $4)
                                ON CONFLICT (session_id, prefix) DO UPDATE SET route = excluded.route, received_at = excluded.received_at""")
                        .execute(Tuple.of(r.sessionId(), r.prefix().toString(), attributes(r), at.atOffset(ZoneOffset.UTC))))
                        .collect().last())
                .replaceWithVoid();
    }

    Uni<Void> selected(SqlClient tx, String vpnGatewayId, LearnedRoute best, Instant at) {
        return tx.preparedQuery("""
                        INSERT INTO bgp_best_route (vpn_gateway_id, prefix, session_id, route, selected_at) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (vpn_gateway_id, prefix) DO UPDATE SET session_id = excluded.session_id,
                          route = excluded.route, selected_at = excluded.selected_at""")
                .execute(Tuple.of(vpnGatewayId, best.prefix().toString(), best.sessionId(), attributes(best), at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    Uni<Void> removedBest(SqlClient tx, String vpnGatewayId, Ipv4Prefix prefix) {
        return tx.preparedQuery("DELETE FROM bgp_best_route WHERE vpn_gateway_id = $1 AND prefix = $2")
                .execute(Tuple.of(vpnGatewayId, prefix.toString())).replaceWithVoid();
    }
}
