package io.vpnplane.routing.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.routing.address.Ipv4Cidr;
import io.vpnplane.routing.selection.EffectiveKey;
import io.vpnplane.routing.selection.InEffect;
import io.vpnplane.routing.selection.LinkState;
import io.vpnplane.routing.table.RouteEntry;
import io.vpnplane.routing.table.RouteSource;
import io.vpnplane.routing.table.Weight;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * routing-service's read models, in its own database beside the kernel's event table:
 *
 * <pre>
 * rt_vpn_gateway  (id, account_id, vpc_id?, deleted)          from connection-service's vpn.vpn-gateways
 * rt_connection   (id, account_id, vpn_gateway_id?, propagate, deleted)  from connection-service's vpn.connections
 * rt_tunnel       (tunnel_id, connection_id, negotiated + observed_at, health_failing + observed_at, switch_route)
 *                 status from vpn.tunnels / vpn.health; switch_route (does a failing check count?) from the
 *                 connection's health-check config: enabled AND switchRoute (REQ-TUN-011)
 * rt_route        (route_id, vpn_gateway_id, destination, next_hop, weight, published, source, propagate, created_at)
 * rt_in_effect    (vpn_gateway_id, source, destination) → route_id, next_hop, weight: the last ActiveRouteSwitched
 * </pre>
 *
 * rt_route and rt_in_effect are the projection of the route-table streams ({@link RouteTableProjection}); the
 * others are projections of other services' events. A route table is loaded from them, never by replaying its stream,
 * so a gateway whose stream holds thousands of switches still decides in a few queries.
 */
@ApplicationScoped
public class RoutingReadModel {

    private static final List<String> DDL = List.of(
            """
            CREATE TABLE IF NOT EXISTS rt_vpn_gateway (
              id text PRIMARY KEY, account_id text NOT NULL, vpc_id text, deleted boolean NOT NULL DEFAULT false)""",
            """
            CREATE TABLE IF NOT EXISTS rt_connection (
              id text PRIMARY KEY, account_id text NOT NULL, vpn_gateway_id text, propagate boolean NOT NULL,
              deleted boolean NOT NULL DEFAULT false)""",
            "CREATE INDEX IF NOT EXISTS rt_connection_gateway ON rt_connection (vpn_gateway_id)",
            """
            CREATE TABLE IF NOT EXISTS rt_tunnel (
              tunnel_id text PRIMARY KEY, connection_id text NOT NULL,
              negotiated boolean NOT NULL DEFAULT false, negotiated_observed_at timestamptz,
              health_failing boolean NOT NULL DEFAULT false, health_observed_at timestamptz,
              switch_route boolean NOT NULL DEFAULT true)""",
            "CREATE INDEX IF NOT EXISTS rt_tunnel_connection ON rt_tunnel (connection_id)",
            """
            CREATE TABLE IF NOT EXISTS rt_route (
              route_id text PRIMARY KEY, vpn_gateway_id text NOT NULL, destination text NOT NULL, next_hop text NOT NULL,
              weight int NOT NULL, published boolean NOT NULL, source text NOT NULL, propagate boolean NOT NULL,
              created_at timestamptz NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY)""",
            "CREATE INDEX IF NOT EXISTS rt_route_gateway ON rt_route (vpn_gateway_id)",
            "CREATE INDEX IF NOT EXISTS rt_route_next_hop ON rt_route (next_hop)",
            """
            CREATE TABLE IF NOT EXISTS rt_in_effect (
              vpn_gateway_id text NOT NULL, source text NOT NULL, destination text NOT NULL,
              route_id text NOT NULL, next_hop text NOT NULL, weight int NOT NULL,
              PRIMARY KEY (vpn_gateway_id, source, destination))""");

    /** A VPN gateway as connection-service announced it. */
    public record Gateway(String id, String accountId, Optional<String> vpcId) {
    }

    @Inject
    Pool pool;

    void createTables(@Observes StartupEvent event) {
        pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock(7270)").execute()
                        .chain(() -> Multi.createFrom().iterable(DDL)
                                .onItem().transformToUniAndConcatenate(ddl -> tx.query(ddl).execute())
                                .collect().last()))
                .await().atMost(Duration.ofMinutes(1));
    }

    public Uni<Optional<Gateway>> gateway(SqlClient client, String id) {
        return client.preparedQuery("SELECT id, account_id, vpc_id FROM rt_vpn_gateway WHERE id = $1 AND NOT deleted")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
                        new Gateway(r.getString("id"), r.getString("account_id"), Optional.ofNullable(r.getString("vpc_id")))));
    }

    /**
     * The live connections attached to the gateway, the only valid next hops (REQ-RT-001), each with its
     * autoPropagateToDefaultRouteTable flag (REQ-CONN-010).
     */
    public Uni<Map<String, Boolean>> connectionsOf(SqlClient client, String vpnGatewayId) {
        return client.preparedQuery("SELECT id, propagate FROM rt_connection WHERE vpn_gateway_id = $1 AND NOT deleted ORDER BY id")
                .execute(Tuple.of(vpnGatewayId))
                .map(rows -> {
                    Map<String, Boolean> ids = new LinkedHashMap<>();
                    rows.forEach(r -> ids.put(r.getString("id"), r.getBoolean("propagate")));
                    return ids;
                });
    }

    /** The gateway's route table as its events left it. */
    public Uni<RouteTable> routeTable(SqlClient client, String vpnGatewayId, Optional<String> vpcId) {
        Uni<Map<String, RouteEntry>> entries = client.preparedQuery("""
                        SELECT route_id, destination, next_hop, weight, published, source, propagate, created_at
                        FROM rt_route WHERE vpn_gateway_id = $1 ORDER BY seq""")
                .execute(Tuple.of(vpnGatewayId))
                .map(rows -> {
                    Map<String, RouteEntry> out = new LinkedHashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString("route_id"), new RouteEntry(r.getString("route_id"), Ipv4Cidr.of(r.getString("destination")),
                                r.getString("next_hop"), Weight.of(r.getInteger("weight")).orElseThrow(), r.getBoolean("published"),
                                RouteSource.valueOf(r.getString("source")), r.getBoolean("propagate"),
                                r.getOffsetDateTime("created_at").toInstant()));
                    }
                    return out;
                });
        Uni<Map<EffectiveKey, InEffect>> inEffect = client.preparedQuery(
                        "SELECT source, destination, route_id, next_hop, weight FROM rt_in_effect WHERE vpn_gateway_id = $1")
                .execute(Tuple.of(vpnGatewayId))
                .map(rows -> {
                    Map<EffectiveKey, InEffect> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(new EffectiveKey(RouteSource.valueOf(r.getString("source")), Ipv4Cidr.of(r.getString("destination"))),
                                new InEffect(r.getString("route_id"), r.getString("next_hop"), Weight.of(r.getInteger("weight")).orElseThrow()));
                    }
                    return out;
                });
        return entries.chain(e -> inEffect.map(i -> new RouteTable(vpnGatewayId, vpcId, e, i)));
    }

    /** REQ-RT-005 link state of each connection; a connection nobody reported on is down. */
    public Uni<Map<String, LinkState>> linkStates(SqlClient client, Collection<String> connectionIds) {
        return client.preparedQuery("""
                        SELECT connection_id, negotiated, health_failing, switch_route FROM rt_tunnel
                        WHERE connection_id = ANY($1)""")
                .execute(Tuple.of(connectionIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, List<LinkState.TunnelObservation>> tunnels = new HashMap<>();
                    for (Row r : rows) {
                        tunnels.computeIfAbsent(r.getString("connection_id"), k -> new ArrayList<>()).add(
                                new LinkState.TunnelObservation(r.getBoolean("negotiated"), r.getBoolean("health_failing"),
                                        r.getBoolean("switch_route")));
                    }
                    Map<String, LinkState> states = new HashMap<>();
                    connectionIds.forEach(id -> states.put(id, LinkState.ofTunnels(tunnels.getOrDefault(id, List.of()))));
                    return states;
                });
    }

    /** The gateways with a route through the connection: the only tables its state can switch. */
    public Uni<List<String>> gatewaysRoutingVia(SqlClient client, String connectionId) {
        return client.preparedQuery("SELECT DISTINCT vpn_gateway_id FROM rt_route WHERE next_hop = $1 ORDER BY vpn_gateway_id")
                .execute(Tuple.of(connectionId))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString("vpn_gateway_id")));
                    return ids;
                });
    }

    /** Records a tunnel's negotiation status unless a newer observation is already there; true when applied. */
    public Uni<Boolean> observeNegotiation(SqlClient client, String tunnelId, String connectionId, boolean negotiated, Instant observedAt) {
        return client.preparedQuery("""
                        INSERT INTO rt_tunnel (tunnel_id, connection_id, negotiated, negotiated_observed_at) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (tunnel_id) DO UPDATE
                          SET connection_id = EXCLUDED.connection_id, negotiated = EXCLUDED.negotiated,
                              negotiated_observed_at = EXCLUDED.negotiated_observed_at
                          WHERE rt_tunnel.negotiated_observed_at IS NULL
                             OR rt_tunnel.negotiated_observed_at <= EXCLUDED.negotiated_observed_at""")
                .execute(Tuple.of(tunnelId, connectionId, negotiated, observedAt.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Records a tunnel's health-check verdict unless a newer one is already there; true when applied. */
    public Uni<Boolean> observeHealth(SqlClient client, String tunnelId, String connectionId, boolean failing, Instant observedAt) {
        return client.preparedQuery("""
                        INSERT INTO rt_tunnel (tunnel_id, connection_id, health_failing, health_observed_at) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (tunnel_id) DO UPDATE
                          SET connection_id = EXCLUDED.connection_id, health_failing = EXCLUDED.health_failing,
                              health_observed_at = EXCLUDED.health_observed_at
                          WHERE rt_tunnel.health_observed_at IS NULL
                             OR rt_tunnel.health_observed_at <= EXCLUDED.health_observed_at""")
                .execute(Tuple.of(tunnelId, connectionId, failing, observedAt.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() > 0);
    }

    public Uni<Void> upsertGateway(SqlClient client, String id, String accountId, Optional<String> vpcId, boolean deleted) {
        return client.preparedQuery("""
                        INSERT INTO rt_vpn_gateway (id, account_id, vpc_id, deleted) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, vpc_id = EXCLUDED.vpc_id, deleted = EXCLUDED.deleted""")
                .execute(Tuple.of(id, accountId, vpcId.orElse(null), deleted))
                .replaceWithVoid();
    }

    /** The gateway the connection was attached to before this event, if any. */
    public Uni<Optional<String>> gatewayOfConnection(SqlClient client, String connectionId) {
        return client.preparedQuery("SELECT vpn_gateway_id FROM rt_connection WHERE id = $1 AND NOT deleted")
                .execute(Tuple.of(connectionId))
                .map(rows -> rows.rowCount() == 0 ? Optional.<String>empty()
                        : Optional.ofNullable(rows.iterator().next().getString("vpn_gateway_id")));
    }

    public Uni<Void> upsertConnection(SqlClient client, String id, String accountId, Optional<String> vpnGatewayId, boolean propagate,
            boolean deleted) {
        return client.preparedQuery("""
                        INSERT INTO rt_connection (id, account_id, vpn_gateway_id, propagate, deleted) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, vpn_gateway_id = EXCLUDED.vpn_gateway_id,
                          propagate = EXCLUDED.propagate, deleted = EXCLUDED.deleted""")
                .execute(Tuple.of(id, accountId, vpnGatewayId.orElse(null), propagate, deleted))
                .replaceWithVoid();
    }

    /** Whether a failing health check of the tunnel withdraws it (REQ-TUN-011: check enabled and switchRoute). */
    public Uni<Void> configureTunnel(SqlClient client, String tunnelId, String connectionId, boolean failingCheckCounts) {
        return client.preparedQuery("""
                        INSERT INTO rt_tunnel (tunnel_id, connection_id, switch_route) VALUES ($1, $2, $3)
                        ON CONFLICT (tunnel_id) DO UPDATE SET connection_id = EXCLUDED.connection_id, switch_route = EXCLUDED.switch_route""")
                .execute(Tuple.of(tunnelId, connectionId, failingCheckCounts))
                .replaceWithVoid();
    }
}
