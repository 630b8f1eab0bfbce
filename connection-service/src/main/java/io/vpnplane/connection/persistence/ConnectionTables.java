package io.vpnplane.connection.persistence;

import java.util.List;
import java.util.stream.Stream;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vpnplane.eventsourcing.ReadModelTables;

/**
 * The service's own tables beside the kernel's event table: read models (rebuildable from events), encrypted
 * pre-shared keys (not in events, so not rebuildable: back them up) and idempotency keys. Created at startup,
 * after the kernel's schema.
 */
@Singleton
public class ConnectionTables {

    static final List<String> DDL = Stream.concat(Stream.of(
            """
            CREATE TABLE IF NOT EXISTS customer_gateway (
              id text PRIMARY KEY, account_id text NOT NULL, name text NOT NULL, version bigint NOT NULL,
              created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, state jsonb NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS customer_gateway_account ON customer_gateway (account_id, id)",
            """
            CREATE TABLE IF NOT EXISTS vpn_gateway (
              id text PRIMARY KEY, account_id text NOT NULL, name text NOT NULL, vpc_id text NOT NULL,
              version bigint NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
              state jsonb NOT NULL,
              CONSTRAINT vpn_gateway_one_per_vpc UNIQUE (account_id, vpc_id))""",
            """
            CREATE TABLE IF NOT EXISTS ipsec_connection (
              id text PRIMARY KEY, account_id text NOT NULL, name text NOT NULL, version bigint NOT NULL,
              created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, state jsonb NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS ipsec_connection_account ON ipsec_connection (account_id, id)",
            "CREATE INDEX IF NOT EXISTS ipsec_connection_state ON ipsec_connection USING gin (state jsonb_path_ops)",
            """
            CREATE TABLE IF NOT EXISTS tunnel_pre_shared_key (
              connection_id text NOT NULL, tunnel_id text NOT NULL, key_version int NOT NULL,
              nonce bytea NOT NULL, ciphertext bytea NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (connection_id, tunnel_id))""",
            """
            CREATE TABLE IF NOT EXISTS idempotency_key (
              account_id text NOT NULL, idempotency_key text NOT NULL, operation text NOT NULL,
              request jsonb NOT NULL, status int NOT NULL, response text NOT NULL, location text,
              created_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (account_id, idempotency_key))""",
            """
            CREATE TABLE IF NOT EXISTS tunnel_placement (
              tunnel_id text PRIMARY KEY, connection_id text NOT NULL, node_id text, zone text, gateway_ip text,
              pending_reason text, updated_at timestamptz NOT NULL DEFAULT now())""",
            "CREATE INDEX IF NOT EXISTS tunnel_placement_connection ON tunnel_placement (connection_id)",
            // The tunnel's last reported negotiation status (TunnelStatusChanged), for Neutron's status (REQ-B-008).
            "ALTER TABLE tunnel_placement ADD COLUMN IF NOT EXISTS negotiation_status text",
            "ALTER TABLE tunnel_placement ADD COLUMN IF NOT EXISTS status_observed_at timestamptz"),
            // Neutron VPNaaS IKE policies, IPsec policies and endpoint groups (issue 10)
            Stream.of("ike_policy", "ipsec_policy", "endpoint_group").flatMap(ConnectionTables::resourceTable))
            .toList();

    /** A read-model table with the columns of {@code ipsec_connection}, and its per-account index. */
    private static Stream<String> resourceTable(String table) {
        return Stream.of("CREATE TABLE IF NOT EXISTS " + table + " (id text PRIMARY KEY, account_id text NOT NULL,"
                        + " name text NOT NULL, version bigint NOT NULL, created_at timestamptz NOT NULL,"
                        + " updated_at timestamptz NOT NULL, state jsonb NOT NULL)",
                "CREATE INDEX IF NOT EXISTS " + table + "_account ON " + table + " (account_id, id)");
    }

    @Inject
    Pool pool;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) {
        ReadModelTables.create(pool, "connection-service", DDL);
    }
}
