package io.vpnplane.bgp.session;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.bgp.rib.PathKind;
import io.vpnplane.events.bgp.BgpFsmState;
import io.vpnplane.events.bgp.BgpSessionConfigured;

/** The {@code bgp_session} table: written from the session events this service appends and from agents' reports. */
@Singleton
public class BgpSessionReadModel {

    Uni<Void> configured(SqlClient tx, BgpSessionConfigured c, String name, Instant at) {
        return tx.preparedQuery("""
                INSERT INTO bgp_session (session_id, account_id, vpn_gateway_id, name, path_kind, local_asn, peer_asn,
                  local_address, peer_address, node_id, ipsec_connection_id, tunnel_id, advertised_prefixes, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
                ON CONFLICT (session_id) DO UPDATE SET vpn_gateway_id = excluded.vpn_gateway_id, name = excluded.name,
                  local_asn = excluded.local_asn, peer_asn = excluded.peer_asn, local_address = excluded.local_address,
                  peer_address = excluded.peer_address, node_id = excluded.node_id,
                  advertised_prefixes = excluded.advertised_prefixes, updated_at = excluded.updated_at""")
                .execute(Tuple.tuple().addString(c.sessionId()).addString(c.accountId()).addString(c.vpnGatewayId())
                        .addString(name).addString(c.pathKind().name()).addLong(c.localAsn()).addLong(c.peerAsn())
                        .addString(c.localAddress()).addString(c.peerAddress()).addString(c.nodeId().orElse(null))
                        .addString(c.ipsecConnectionId().orElse(null)).addString(c.tunnelId().orElse(null))
                        .addValue(new JsonArray(c.advertisedPrefixes())).addOffsetDateTime(at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    Uni<Void> removed(SqlClient tx, String sessionId) {
        return tx.preparedQuery("DELETE FROM bgp_session WHERE session_id = $1").execute(Tuple.of(sessionId)).replaceWithVoid();
    }

    /**
     * Records the FSM state {@code nodeId} reported unless a newer report was applied already (Kafka may redeliver,
     * agents restart); answers whether it was applied.
     */
    public Uni<Boolean> observed(SqlClient tx, String sessionId, String nodeId, BgpFsmState state, Optional<String> peerRouterId,
            Optional<String> reason, Instant observedAt) {
        return tx.preparedQuery("""
                UPDATE bgp_session SET fsm_state = $2, peer_router_id = coalesce($3, peer_router_id), state_reason = $4,
                  state_observed_at = $5, observed_node_id = $6
                WHERE session_id = $1 AND (state_observed_at IS NULL OR state_observed_at <= $5)""")
                .execute(Tuple.tuple().addString(sessionId).addString(state.name()).addString(peerRouterId.orElse(null))
                        .addString(reason.orElse(null)).addOffsetDateTime(observedAt.atOffset(ZoneOffset.UTC)).addString(nodeId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A gateway node's heartbeat, by the time the node stamped on it (so a replay after a restart is no sign of life). */
    public Uni<Void> heartbeat(SqlClient tx, String nodeId, Instant sentAt) {
        return tx.preparedQuery("""
                INSERT INTO bgp_node (node_id, last_heartbeat_at) VALUES ($1, $2)
                ON CONFLICT (node_id) DO UPDATE SET last_heartbeat_at = greatest(bgp_node.last_heartbeat_at, excluded.last_heartbeat_at)""")
                .execute(Tuple.of(nodeId, sentAt.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /** A session some node reported as not IDLE, whose node has not sent a heartbeat since {@code silentSince}. */
    public record Orphaned(String sessionId, String vpnGatewayId, String nodeId, Instant lastHeartbeatAt) {
    }

    public Uni<List<Orphaned>> orphaned(SqlClient client, Instant silentSince) {
        return client.preparedQuery("""
                SELECT s.session_id, s.vpn_gateway_id, s.observed_node_id, n.last_heartbeat_at
                FROM bgp_session s JOIN bgp_node n ON n.node_id = s.observed_node_id
                WHERE s.fsm_state <> 'IDLE' AND n.last_heartbeat_at < $1 ORDER BY s.session_id""")
                .execute(Tuple.of(silentSince.atOffset(ZoneOffset.UTC)))
                .map(rows -> java.util.stream.StreamSupport.stream(rows.spliterator(), false)
                        .map(row -> new Orphaned(row.getString("session_id"), row.getString("vpn_gateway_id"),
                                row.getString("observed_node_id"), row.getOffsetDateTime("last_heartbeat_at").toInstant()))
                        .toList());
    }

    public Uni<Optional<StoredSession>> find(SqlClient client, String sessionId) {
        return client.preparedQuery("SELECT * FROM bgp_session WHERE session_id = $1").execute(Tuple.of(sessionId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(session(rows.iterator().next())));
    }

    public Uni<List<StoredSession>> ofGateway(SqlClient client, String vpnGatewayId) {
        return client.preparedQuery("SELECT * FROM bgp_session WHERE vpn_gateway_id = $1 ORDER BY session_id")
                .execute(Tuple.of(vpnGatewayId)).map(BgpSessionReadModel::sessions);
    }

    public Uni<List<StoredSession>> ofConnection(SqlClient client, String connectionId) {
        return client.preparedQuery("SELECT * FROM bgp_session WHERE ipsec_connection_id = $1 ORDER BY session_id")
                .execute(Tuple.of(connectionId)).map(BgpSessionReadModel::sessions);
    }

    public Uni<List<StoredSession>> ofAccount(SqlClient client, String accountId, Optional<String> vpnGatewayId) {
        return client.preparedQuery("""
                SELECT * FROM bgp_session WHERE account_id = $1 AND ($2::text IS NULL OR vpn_gateway_id = $2)
                ORDER BY session_id""").execute(Tuple.of(accountId, vpnGatewayId.orElse(null))).map(BgpSessionReadModel::sessions);
    }

    private static List<StoredSession> sessions(RowSet<Row> rows) {
        List<StoredSession> sessions = new ArrayList<>();
        rows.forEach(row -> sessions.add(session(row)));
        return sessions;
    }

    private static StoredSession session(Row row) {
        SessionSpec spec = new SessionSpec(row.getString("session_id"), row.getString("account_id"),
                row.getString("vpn_gateway_id"), PathKind.valueOf(row.getString("path_kind")), new Asn(row.getLong("local_asn")),
                new Asn(row.getLong("peer_asn")), row.getString("local_address"), row.getString("peer_address"),
                Optional.ofNullable(row.getString("ipsec_connection_id")), Optional.ofNullable(row.getString("tunnel_id")));
        List<String> advertised = new ArrayList<>();
        ((JsonArray) row.getValue("advertised_prefixes")).forEach(p -> advertised.add((String) p));
        return new StoredSession(spec, row.getString("name"), Optional.ofNullable(row.getString("node_id")), advertised,
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(),
                BgpFsmState.valueOf(row.getString("fsm_state")), Optional.ofNullable(row.getString("peer_router_id")),
                Optional.ofNullable(row.getString("state_reason")),
                Optional.ofNullable(row.getOffsetDateTime("state_observed_at")).map(t -> t.toInstant()));
    }
}
