package io.vpnplane.tunnel.tunnel;

import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.eventsourcing.EventSelector;
import io.vpnplane.eventsourcing.Projection;
import io.vpnplane.eventsourcing.RecordedEvent;
import io.vpnplane.events.EventJson;

/**
 * {@code tunnel_view}: the folded state of every tunnel, updated in the transaction of each append, with the columns
 * placement needs indexed (node, zone, gateway IP — unique, so two tunnels can never hold one address). A deleted tunnel's
 * row goes away.
 */
@ApplicationScoped
public class TunnelViewProjection implements Projection {

    public static final String CATEGORY = "tunnel";

    @Override
    public String name() {
        return "tunnel-view";
    }

    @Override
    public EventSelector selector() {
        return EventSelector.categories(CATEGORY);
    }

    @Override
    public Uni<Void> reset(SqlConnection tx) {
        return tx.query("TRUNCATE tunnel_view").execute().replaceWithVoid();
    }

    @Override
    public Uni<Void> apply(RecordedEvent event, SqlConnection tx) {
        if (!CATEGORY.equals(event.stream().category())) {
            return Uni.createFrom().voidItem();
        }
        String tunnelId = event.stream().id();
        return find(tx, tunnelId).chain(current -> {
            Tunnel next = current.orElse(Tunnel.NEW).apply(event.data());
            if (next.phase() == Tunnel.Phase.DELETED) {
                return tx.preparedQuery("DELETE FROM tunnel_view WHERE tunnel_id = $1").execute(Tuple.of(tunnelId)).replaceWithVoid();
            }
            Optional<Tunnel.Location> at = next.location();
            return tx.preparedQuery("""
                            INSERT INTO tunnel_view (tunnel_id, connection_id, phase, node_id, zone, gateway_ip, state, updated_at)
                            VALUES ($1, $2, $3, $4, $5, $6, $7::text::json, $8)
                            ON CONFLICT (tunnel_id) DO UPDATE SET connection_id = excluded.connection_id, phase = excluded.phase,
                              node_id = excluded.node_id, zone = excluded.zone, gateway_ip = excluded.gateway_ip,
                              state = excluded.state, updated_at = excluded.updated_at""")
                    .execute(Tuple.from(java.util.Arrays.asList(tunnelId, next.connectionId(), next.phase().name(),
                            at.map(Tunnel.Location::nodeId).orElse(null), at.map(Tunnel.Location::zone).orElse(null),
                            at.map(Tunnel.Location::gatewayIp).orElse(null), json(next), event.recordedAt().atOffset(ZoneOffset.UTC))))
                    .replaceWithVoid();
        });
    }

    public Uni<Optional<Tunnel>> find(SqlClient client, String tunnelId) {
        return client.preparedQuery("SELECT state::text AS state FROM tunnel_view WHERE tunnel_id = $1").execute(Tuple.of(tunnelId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(parse(rows.iterator().next())) : Optional.empty());
    }

    /** Zones of the given tunnels where they are placed. */
    public Uni<Set<String>> zonesOf(SqlClient client, List<String> tunnelIds) {
        return client.preparedQuery("SELECT zone FROM tunnel_view WHERE tunnel_id = ANY($1) AND zone IS NOT NULL")
                .execute(Tuple.of(tunnelIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> zones = new HashSet<>();
                    rows.forEach(r -> zones.add(r.getString("zone")));
                    return zones;
                });
    }

    /** Gateway IPs held by tunnels. */
    public Uni<Set<String>> takenGatewayIps(SqlClient client) {
        return client.query("SELECT gateway_ip FROM tunnel_view WHERE gateway_ip IS NOT NULL").execute().map(rows -> {
            Set<String> ips = new HashSet<>();
            rows.forEach(r -> ips.add(r.getString("gateway_ip")));
            return ips;
        });
    }

    /** Tunnels per node. */
    public Uni<Map<String, Integer>> loadByNode(SqlClient client) {
        return client.query("SELECT node_id, count(*)::int AS n FROM tunnel_view WHERE node_id IS NOT NULL GROUP BY node_id").execute()
                .map(rows -> {
                    Map<String, Integer> load = new HashMap<>();
                    rows.forEach(r -> load.put(r.getString("node_id"), r.getInteger("n")));
                    return load;
                });
    }

    public Uni<List<String>> tunnelsOn(SqlClient client, String nodeId) {
        return ids(client.preparedQuery("SELECT tunnel_id FROM tunnel_view WHERE node_id = $1 ORDER BY tunnel_id").execute(Tuple.of(nodeId)));
    }

    public Uni<List<String>> pendingTunnels(SqlClient client) {
        return ids(client.query("SELECT tunnel_id FROM tunnel_view WHERE phase = 'PENDING' ORDER BY tunnel_id").execute());
    }

    private static Uni<List<String>> ids(Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> rows) {
        return rows.map(set -> {
            List<String> ids = new ArrayList<>();
            set.forEach(r -> ids.add(r.getString("tunnel_id")));
            return ids;
        });
    }

    static String json(Tunnel tunnel) {
        try {
            return EventJson.mapper().writeValueAsString(tunnel);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write tunnel state", e);
        }
    }

    static Tunnel parse(Row row) {
        try {
            return EventJson.mapper().readValue(row.getString("state"), Tunnel.class);
        } catch (IOException e) {
            throw new IllegalStateException("tunnel_view holds an unreadable state", e);
        }
    }
}
