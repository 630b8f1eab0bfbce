package io.vpnplane.connection.persistence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

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
import io.vpnplane.events.connection.EndpointGroupEvent;
import io.vpnplane.events.connection.IkePolicyEvent;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecPolicyEvent;
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
    public static final String IKE_POLICY = "ike-policy";
    public static final String IPSEC_POLICY = "ipsec-policy";
    public static final String ENDPOINT_GROUP = "endpoint-group";

    @Override
    public String name() {
        return "connection-read-model";
    }

    @Override
    public EventSelector selector() {
        return EventSelector.categories(CUSTOMER_GATEWAY, VPN_GATEWAY, IPSEC_CONNECTION, IKE_POLICY, IPSEC_POLICY,
                ENDPOINT_GROUP);
    }

    @Override
    public Uni<Void> reset(SqlConnection tx) {
        return tx.query("TRUNCATE customer_gateway, vpn_gateway, ipsec_connection, ike_policy, ipsec_policy,"
                + " endpoint_group").execute().replaceWithVoid();
    }

    @Override
    public Uni<Void> apply(RecordedEvent event, SqlConnection tx) {
        var at = event.recordedAt().atOffset(ZoneOffset.UTC);
        return switch (event.data()) {
            case CustomerGatewayEvent.Deleted d -> delete(tx, "customer_gateway", d.customerGateway().id());
            case CustomerGatewayEvent e -> upsert(tx, "customer_gateway", e.customerGateway().id(),
                    e.customerGateway().accountId(), e.customerGateway().name(), event.version(), at,
                    e.customerGateway());
            case VpnGatewayEvent.Deleted d -> delete(tx, "vpn_gateway", d.vpnGateway().id());
            case VpnGatewayEvent e -> tx.preparedQuery("""
                    INSERT INTO vpn_gateway (id, account_id, name, vpc_id, version, created_at, updated_at, state)
                    VALUES ($1, $2, $3, $4, $5, $6, $6, $7::text::jsonb)
                    ON CONFLICT (id) DO UPDATE SET name = $3, version = $5, updated_at = $6, state = $7::text::jsonb""")
                    .execute(Tuple.from(List.of(e.vpnGateway().id(), e.vpnGateway().accountId(),
                            e.vpnGateway().name(), e.vpnGateway().vpcId(), event.version(), at, json(e.vpnGateway()))))
                    .replaceWithVoid();
            case IpsecConnectionEvent.Deleted d -> delete(tx, "ipsec_connection", d.connection().id());
            case IpsecConnectionEvent e -> upsert(tx, "ipsec_connection", e.connection().id(),
                    e.connection().accountId(), e.connection().name(), event.version(), at, e.connection());
            case IkePolicyEvent.Deleted d -> delete(tx, "ike_policy", d.ikePolicy().id());
            case IkePolicyEvent e -> upsert(tx, "ike_policy", e.ikePolicy().id(), e.ikePolicy().accountId(),
                    e.ikePolicy().name(), event.version(), at, e.ikePolicy());
            case IpsecPolicyEvent.Deleted d -> delete(tx, "ipsec_policy", d.ipsecPolicy().id());
            case IpsecPolicyEvent e -> upsert(tx, "ipsec_policy", e.ipsecPolicy().id(), e.ipsecPolicy().accountId(),
                    e.ipsecPolicy().name(), event.version(), at, e.ipsecPolicy());
            case EndpointGroupEvent.Deleted d -> delete(tx, "endpoint_group", d.endpointGroup().id());
            case EndpointGroupEvent e -> upsert(tx, "endpoint_group", e.endpointGroup().id(),
                    e.endpointGroup().accountId(), e.endpointGroup().name(), event.version(), at, e.endpointGroup());
            default -> Uni.createFrom().voidItem();
        };
    }

    /** A row of a table with the columns of {@code ipsec_connection}; {@code table} is a constant of this class. */
    private static Uni<Void> upsert(SqlConnection tx, String table, String id, String account, String name,
            long version, OffsetDateTime at, Object state) {
        return tx.preparedQuery("INSERT INTO " + table + " (id, account_id, name, version, created_at, updated_at, state)"
                        + " VALUES ($1, $2, $3, $4, $5, $5, $6::text::jsonb) ON CONFLICT (id) DO UPDATE"
                        + " SET name = $3, version = $4, updated_at = $5, state = $6::text::jsonb")
                .execute(Tuple.from(List.of(id, account, name, version, at, json(state))))
                .replaceWithVoid();
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
