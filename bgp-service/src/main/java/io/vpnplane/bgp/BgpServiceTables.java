package io.vpnplane.bgp;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vpnplane.eventsourcing.ReadModelTables;

/**
 * bgp-service's read models beside the kernel's event table: sessions with their observed state, each session's
 * Adj-RIB-In, the best route per prefix of each VPN gateway, the VPN gateways it has heard of and the gateway nodes'
 * last heartbeats. Created at startup after the kernel's schema.
 */
@Singleton
public class BgpServiceTables {

    static final List<String> DDL = List.of(
            """
            CREATE TABLE IF NOT EXISTS bgp_vpn_gateway (
              id text PRIMARY KEY, account_id text NOT NULL, deleted boolean NOT NULL DEFAULT false)""",
            """
            CREATE TABLE IF NOT EXISTS bgp_session (
              session_id text PRIMARY KEY, account_id text NOT NULL, vpn_gateway_id text NOT NULL, name text NOT NULL,
              path_kind text NOT NULL, local_asn bigint NOT NULL, peer_asn bigint NOT NULL, local_address text NOT NULL,
              peer_address text NOT NULL, node_id text, ipsec_connection_id text, tunnel_id text,
              advertised_prefixes jsonb NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
              fsm_state text NOT NULL DEFAULT 'IDLE', peer_router_id text, state_reason text, state_observed_at timestamptz)""",
            // the node that last reported the session's state: where an IPsec session runs (it follows its tunnel)
            "ALTER TABLE bgp_session ADD COLUMN IF NOT EXISTS observed_node_id text",
            "CREATE INDEX IF NOT EXISTS bgp_session_gateway ON bgp_session (vpn_gateway_id)",
            "CREATE INDEX IF NOT EXISTS bgp_session_account ON bgp_session (account_id, session_id)",
            "CREATE INDEX IF NOT EXISTS bgp_session_connection ON bgp_session (ipsec_connection_id)",
            """
            CREATE TABLE IF NOT EXISTS bgp_received_route (
              session_id text NOT NULL, prefix text NOT NULL, route jsonb NOT NULL, received_at timestamptz NOT NULL,
              PRIMARY KEY (session_id, prefix))""",
            """
            CREATE TABLE IF NOT EXISTS bgp_best_route (
              vpn_gateway_id text NOT NULL, prefix text NOT NULL, session_id text NOT NULL, route jsonb NOT NULL,
              selected_at timestamptz NOT NULL, PRIMARY KEY (vpn_gateway_id, prefix))""",
            "CREATE TABLE IF NOT EXISTS bgp_node (node_id text PRIMARY KEY, last_heartbeat_at timestamptz NOT NULL)");

    @Inject
    Pool pool;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) {
        ReadModelTables.create(pool, "bgp-service", DDL);
    }
}
