package io.vpnplane.connection.persistence;

import java.time.ZoneOffset;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.eventsourcing.EventSelector;
import io.vpnplane.eventsourcing.Projection;
import io.vpnplane.eventsourcing.RecordedEvent;
import io.vpnplane.events.EventJson;
import io.vpnplane.events.connection.CustomerGatewayEvent;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.VpnGatewayEvent;

/**
 * The tables GET and list read: one row per live resource with its latest state (as the events carry it), its
 * stream version (the ETag) and its creation and update times. Written in the command's transaction.
 */
@Singleton
public class ConnectionReadModel implements Projection {

    public static final String CUSTOMER_GATEWAY = "customer-gateway";
    public static final String VPN_GATEWAY = "vpn-gateway";
    public static final String IPSEC_CONNECTION = "ipsec-connection";

    @Override
    public String name() {
        return "connection-read-model";
    }

    @Override
    public EventSelector selector() {
        return EventSelector.categories(CUSTOMER_GATEWAY, VPN_GATEWAY, IPSEC_CONNECTION);
    }

    @Override
    public Uni<Void> reset(SqlConnection tx) {
        return tx.query("TRUNCATE customer_gateway, vpn_gateway, ipsec_connection").execute().replaceWithVoid();
    }

    @Override
    public Uni<Void> apply(RecordedEvent event, SqlConnection tx) {
        var at = event.recordedAt().atOffset(ZoneOffset.UTC);
        return switch (event.data()) {
            case CustomerGatewayEvent.Deleted d -> delete(tx, "customer_gateway", d.customerGateway().id());
            case CustomerGatewayEvent e -> tx.preparedQuery("""
                    INSERT INTO customer_gateway (id, account_id, name, version, created_at, updated_at, state)
                    VALUES ($1, $2, $3, $4, $5, $5, $6::text::jsonb)
                    ON CONFLICT (id) DO UPDATE SET name = $3, version = $4, updated_at = $5, state = $6::text::jsonb""")
                    .execute(Tuple.from(java.util.List.of(e.customerGateway().id(), e.customerGateway().accountId(),
                            e.customerGateway().name(), event.version(), at, json(e.customerGateway()))))
                    .replaceWithVoid();
            case VpnGatewayEvent.Deleted d -> delete(tx, "vpn_gateway", d.vpnGateway().id());
            case VpnGatewayEvent e -> tx.preparedQuery("""
                    INSERT INTO vpn_gateway (id, account_id, name, vpc_id, version, created_at, updated_at, state)
                    VALUES ($1, $2, $3, $4, $5, $6, $6, $7::text::jsonb)
                    ON CONFLICT (id) DO UPDATE SET name = $3, version = $5, updated_at = $6, state = $7::text::jsonb""")
                    .execute(Tuple.from(java.util.List.of(e.vpnGateway().id(), e.vpnGateway().accountId(),
                            e.vpnGateway().name(), e.vpnGateway().vpcId(), event.version(), at, json(e.vpnGateway()))))
                    .replaceWithVoid();
            case IpsecConnectionEvent.Deleted d -> delete(tx, "ipsec_connection", d.connection().id());
            case IpsecConnectionEvent e -> tx.preparedQuery("""
                    INSERT INTO ipsec_connection (id, account_id, name, version, created_at, updated_at, state)
                    VALUES ($1, $2, $3, $4, $5, $5, $6::text::jsonb)
                    ON CONFLICT (id) DO UPDATE SET name = $3, version = $4, updated_at = $5, state = $6::text::jsonb""")
                    .execute(Tuple.from(java.util.List.of(e.connection().id(), e.connection().accountId(),
                            e.connection().name(), event.version(), at, json(e.connection()))))
                    .replaceWithVoid();
            default -> Uni.createFrom().voidItem();
        };
    }

    private static Uni<Void> delete(SqlConnection tx, String table, String id) {
        return tx.preparedQuery("DELETE FROM " + table + " WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    private static String json(Object state) {
        try {
            return EventJson.mapper().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("state not serializable", e);
        }
    }
}
