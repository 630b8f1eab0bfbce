package io.vpnplane.tunnel;

import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * tunnel-service's own tables beside the kernel's event store, created idempotently at startup.
 *
 * <pre>
 * gateway_node  the node registry, from heartbeats: last heartbeat by the registry's clock, up/down
 * tunnel_spec   projection of connection-service's events, one row per tunnel (JSON TunnelSpec; the PSK only
 *               transit-sealed), kept until the tunnel is deleted
 * tunnel_view   read model of the tunnel streams (JSON Tunnel state); gateway_ip unique among tunnels holding one
 * </pre>
 */
public final class TunnelServiceSchema {

    private static final List<String> DDL = List.of(
            """
            CREATE TABLE IF NOT EXISTS gateway_node (
              node_id            text PRIMARY KEY,
              zone               text NOT NULL,
              gateway_addresses  text[] NOT NULL,
              capacity           int NOT NULL,
              software_version   text NOT NULL,
              public_key         text NOT NULL,
              last_heartbeat_at  timestamptz NOT NULL,
              up                 boolean NOT NULL,
              changed_at         timestamptz NOT NULL
            )""",
            """
            CREATE TABLE IF NOT EXISTS tunnel_spec (
              tunnel_id      text PRIMARY KEY,
              connection_id  text NOT NULL,
              account_id     text NOT NULL,
              deleted        boolean NOT NULL DEFAULT false,
              spec           json NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS tunnel_spec_connection ON tunnel_spec (connection_id)",
            """
            CREATE TABLE IF NOT EXISTS tunnel_view (
              tunnel_id      text PRIMARY KEY,
              connection_id  text NOT NULL,
              phase          text NOT NULL,
              node_id        text,
              zone           text,
              gateway_ip     text,
              state          json NOT NULL,
              updated_at     timestamptz NOT NULL
            )""",
            "CREATE UNIQUE INDEX IF NOT EXISTS tunnel_view_gateway_ip ON tunnel_view (gateway_ip) WHERE gateway_ip IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS tunnel_view_node ON tunnel_view (node_id)",
            "CREATE INDEX IF NOT EXISTS tunnel_view_connection ON tunnel_view (connection_id)");

    private TunnelServiceSchema() {
    }

    public static Uni<Void> migrate(Pool pool) {
        return pool.withTransaction(tx -> tx.query("SELECT pg_advisory_xact_lock(hashtext('vpnplane.tunnel-service.schema'))").execute()
                .chain(() -> Multi.createFrom().iterable(DDL)
                        .onItem().transformToUniAndConcatenate(ddl -> tx.query(ddl).execute())
                        .collect().last())
                .replaceWithVoid());
    }
}
