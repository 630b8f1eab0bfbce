package io.vpnplane.tunnel.connection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.events.EventJson;

/** The {@code tunnel_spec} table: the latest spec of every tunnel, from connection events. */
@ApplicationScoped
public class TunnelSpecs {

    public Uni<Optional<TunnelSpec>> find(SqlClient client, String tunnelId) {
        return client.preparedQuery("SELECT spec::text AS spec FROM tunnel_spec WHERE tunnel_id = $1 AND NOT deleted")
                .execute(Tuple.of(tunnelId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(parse(rows.iterator().next())) : Optional.empty());
    }

    /** The owning account, also of a deleted tunnel (its last events still belong to the account). */
    public Uni<Optional<String>> accountOf(SqlClient client, String tunnelId) {
        return client.preparedQuery("SELECT account_id FROM tunnel_spec WHERE tunnel_id = $1").execute(Tuple.of(tunnelId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString("account_id")) : Optional.empty());
    }

    /** The live tunnels of a connection. */
    public Uni<List<String>> tunnelIdsOf(SqlClient client, String connectionId) {
        return client.preparedQuery("SELECT tunnel_id FROM tunnel_spec WHERE connection_id = $1 AND NOT deleted ORDER BY tunnel_id")
                .execute(Tuple.of(connectionId))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString("tunnel_id")));
                    return ids;
                });
    }

    public Uni<Void> save(SqlClient client, TunnelSpec spec) {
        return client.preparedQuery("""
                        INSERT INTO tunnel_spec (tunnel_id, connection_id, account_id, deleted, spec) VALUES ($1, $2, $3, false, $4::text::json)
                        ON CONFLICT (tunnel_id) DO UPDATE SET connection_id = excluded.connection_id, account_id = excluded.account_id,
                                                              deleted = false, spec = excluded.spec""")
                .execute(Tuple.of(spec.tunnelId(), spec.connectionId(), spec.accountId(), json(spec)))
                .replaceWithVoid();
    }

    public Uni<Void> markDeleted(SqlClient client, String tunnelId) {
        return client.preparedQuery("UPDATE tunnel_spec SET deleted = true WHERE tunnel_id = $1").execute(Tuple.of(tunnelId)).replaceWithVoid();
    }

    static String json(TunnelSpec spec) {
        try {
            return EventJson.mapper().writeValueAsString(spec);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write tunnel spec", e);
        }
    }

    private static TunnelSpec parse(Row row) {
        try {
            return EventJson.mapper().readValue(row.getString("spec"), TunnelSpec.class);
        } catch (IOException e) {
            throw new IllegalStateException("tunnel_spec holds an unreadable spec", e);
        }
    }
}
