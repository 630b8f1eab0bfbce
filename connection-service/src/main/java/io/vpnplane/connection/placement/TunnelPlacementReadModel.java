package io.vpnplane.connection.placement;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code tunnel_placement} table (created with the others by {@code ConnectionTables}): tunnel-service's placement decisions, projected from vpn.tunnels. A read
 * model like the others: rebuildable by replaying the topic, never written by the REST side.
 */
@Singleton
public class TunnelPlacementReadModel {

    Uni<Void> placed(SqlClient tx, String tunnelId, String connectionId, String nodeId, String zone, String gatewayIp) {
        return upsert(tx, Tuple.tuple().addString(tunnelId).addString(connectionId).addString(nodeId).addString(zone)
                .addString(gatewayIp).addString(null));
    }

    Uni<Void> pending(SqlClient tx, String tunnelId, String connectionId, String reason) {
        return upsert(tx, Tuple.tuple().addString(tunnelId).addString(connectionId).addString(null).addString(null)
                .addString(null).addString(reason));
    }

    /**
     * A status may come before any placement was heard of; the row then waits for its placement. A status observed
     * before the one recorded is stale (agents restart, Kafka redelivers) and is ignored.
     */
    Uni<Void> statusChanged(SqlClient tx, String tunnelId, String connectionId, String status, Instant observedAt) {
        return tx.preparedQuery("""
                INSERT INTO tunnel_placement (tunnel_id, connection_id, negotiation_status, status_observed_at)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT (tunnel_id) DO UPDATE SET negotiation_status = excluded.negotiation_status,
                  status_observed_at = excluded.status_observed_at, updated_at = now()
                WHERE tunnel_placement.status_observed_at IS NULL
                  OR tunnel_placement.status_observed_at <= excluded.status_observed_at""")
                .execute(Tuple.of(tunnelId, connectionId, status, observedAt.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    Uni<Void> deleted(SqlClient tx, String tunnelId) {
        return tx.preparedQuery("DELETE FROM tunnel_placement WHERE tunnel_id = $1").execute(Tuple.of(tunnelId))
                .replaceWithVoid();
    }

    /** The placements of a connection's tunnels, by tunnel id; tunnels not heard of yet are absent. */
    public Uni<Map<String, TunnelPlacement>> ofConnection(SqlClient client, String connectionId) {
        return client.preparedQuery("SELECT * FROM tunnel_placement WHERE connection_id = $1 ORDER BY tunnel_id")
                .execute(Tuple.of(connectionId))
                .map(rows -> {
                    Map<String, TunnelPlacement> byTunnel = new LinkedHashMap<>();
                    rows.forEach(row -> byTunnel.put(row.getString("tunnel_id"), placement(row)));
                    return byTunnel;
                });
    }

    private static Uni<Void> upsert(SqlClient tx, Tuple values) {
        return tx.preparedQuery("""
                INSERT INTO tunnel_placement (tunnel_id, connection_id, node_id, zone, gateway_ip, pending_reason)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (tunnel_id) DO UPDATE SET connection_id = excluded.connection_id, node_id = excluded.node_id,
                  zone = excluded.zone, gateway_ip = excluded.gateway_ip, pending_reason = excluded.pending_reason,
                  updated_at = now()""").execute(values).replaceWithVoid();
    }

    private static TunnelPlacement placement(Row row) {
        return new TunnelPlacement(row.getString("tunnel_id"), row.getString("connection_id"),
                Optional.ofNullable(row.getString("gateway_ip")), Optional.ofNullable(row.getString("node_id")),
                Optional.ofNullable(row.getString("zone")), Optional.ofNullable(row.getString("pending_reason")),
                Optional.ofNullable(row.getString("negotiation_status")));
    }
}
