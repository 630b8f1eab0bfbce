package io.vpnplane.connection.persistence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.events.EventJson;
import io.vpnplane.events.connection.CustomerGatewayState;

/** Reads of the read-model tables. Table names are constants of this class, never caller input. */
public final class ReadModelQueries {

    public enum Table {
        CUSTOMER_GATEWAY("customer_gateway"), VPN_GATEWAY("vpn_gateway"), IPSEC_CONNECTION("ipsec_connection"),
        IKE_POLICY("ike_policy"), IPSEC_POLICY("ipsec_policy"), ENDPOINT_GROUP("endpoint_group");

        final String sql;

        Table(String sql) {
            this.sql = sql;
        }
    }

    /** A page of a list and the id to continue after, if there is more. */
    public record Page(List<StoredResource> items, Optional<String> lastId) {
    }

    private ReadModelQueries() {
    }

    public static Uni<Optional<StoredResource>> find(SqlClient client, Table table, String id) {
        return client.preparedQuery("SELECT " + StoredResource.COLUMNS + " FROM " + table.sql + " WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(StoredResource.of(rows.iterator().next())));
    }

    /**
     * The account's resources in id order after {@code afterId}, optionally with this exact name and containing
     * all these tags ({@code tags} as a JSON object; a tag with a null value matches any value of that key).
     */
    public static Uni<Page> list(SqlClient client, Table table, String account, Optional<String> name,
            Map<String, Optional<String>> tags, Optional<String> afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + StoredResource.COLUMNS + " FROM " + table.sql
                + " WHERE account_id = $1 AND id > $2");
        List<Object> params = new ArrayList<>(List.of(account, afterId.orElse("")));
        name.ifPresent(n -> {
            params.add(n);
            sql.append(" AND name = $").append(params.size());
        });
        tags.forEach((key, value) -> {
            params.add(key);
            if (value.isPresent()) {
                params.add(value.get());
                sql.append(" AND state->'tags'->>$").append(params.size() - 1).append(" = $").append(params.size());
            } else {
                sql.append(" AND state->'tags' ? $").append(params.size());
            }
        });
        params.add(limit + 1);
        sql.append(" ORDER BY id LIMIT $").append(params.size());
        return client.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(rows -> {
            List<StoredResource> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(StoredResource.of(row));
            }
            if (items.size() > limit) {
                items = items.subList(0, limit);
                return new Page(items, Optional.of(items.getLast().id()));
            }
            return new Page(items, Optional.empty());
        });
    }

    /**
     * The account's customer gateways among {@code ids}, share-locked until the transaction ends so none is
     * deleted while a connection starts to use it (REQ-CGW-003).
     */
    public static Uni<Map<String, CustomerGatewayState>> customerGateways(SqlClient tx, String account,
            Set<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery("SELECT state::text AS state FROM customer_gateway WHERE account_id = $1"
                        + " AND id = ANY($2) ORDER BY id FOR SHARE")
                .execute(Tuple.of(account, ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, CustomerGatewayState> found = new LinkedHashMap<>();
                    for (Row row : rows) {
                        CustomerGatewayState state = read(row.getString("state"), CustomerGatewayState.class);
                        found.put(state.id(), state);
                    }
                    return found;
                });
    }

    /** The account's VPN gateway ids among {@code ids}, share-locked like {@link #customerGateways}. */
    public static Uni<Set<String>> vpnGatewayIds(SqlClient tx, String account, Set<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return tx.preparedQuery("SELECT id FROM vpn_gateway WHERE account_id = $1 AND id = ANY($2) ORDER BY id FOR SHARE")
                .execute(Tuple.of(account, ids.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> found = new java.util.HashSet<>();
                    rows.forEach(r -> found.add(r.getString("id")));
                    return found;
                });
    }

    /** Ids of the connections with a tunnel on this customer gateway (REQ-CGW-003). */
    public static Uni<List<String>> connectionsUsingCustomerGateway(SqlClient tx, String customerGatewayId) {
        return ids(tx, "SELECT id FROM ipsec_connection WHERE state @> jsonb_build_object('tunnels',"
                + " jsonb_build_array(jsonb_build_object('customerGatewayId', $1::text))) ORDER BY id", customerGatewayId);
    }

    /** Ids of the connections attached to this VPN gateway. */
    public static Uni<List<String>> connectionsOnVpnGateway(SqlClient tx, String vpnGatewayId) {
        return ids(tx, "SELECT id FROM ipsec_connection WHERE state @> jsonb_build_object('attachment',"
                + " jsonb_build_object('vpnGatewayId', $1::text)) ORDER BY id", vpnGatewayId);
    }

    /** What a Neutron site connection takes its settings from ({@code IpsecConnectionState.Neutron}). */
    public enum NeutronSource {
        IKE_POLICY("ikePolicyId"), IPSEC_POLICY("ipsecPolicyId"), LOCAL_ENDPOINT_GROUP("localEndpointGroupId"),
        PEER_ENDPOINT_GROUP("peerEndpointGroupId");

        final String member;

        NeutronSource(String member) {
            this.member = member;
        }
    }

    /** Ids of the connections whose Neutron attributes name {@code id} as this source. */
    public static Uni<List<String>> connectionsFrom(SqlClient tx, NeutronSource source, String id) {
        return ids(tx, "SELECT id FROM ipsec_connection WHERE state @> jsonb_build_object('neutron',"
                + " jsonb_build_object('" + source.member + "', $1::text)) ORDER BY id", id);
    }

    /**
     * The account's resource with this id, share-locked until the transaction ends so it is neither changed nor
     * deleted while a command uses it.
     */
    public static Uni<Optional<StoredResource>> findShared(SqlClient tx, Table table, String account, String id) {
        return tx.preparedQuery("SELECT " + StoredResource.COLUMNS + " FROM " + table.sql
                        + " WHERE id = $1 AND account_id = $2 FOR SHARE")
                .execute(Tuple.of(id, account))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(StoredResource.of(rows.iterator().next())));
    }

    /**
     * The account's customer gateway with this IP address, share-locked; one tagged {@code tag} first, then the
     * oldest.
     */
    public static Uni<Optional<CustomerGatewayState>> customerGatewayWithIp(SqlClient tx, String account, String ip,
            String tag) {
        return tx.preparedQuery("SELECT state::text AS state FROM customer_gateway WHERE account_id = $1"
                        + " AND state->>'ipAddress' = $2 ORDER BY (state->'tags' ? $3) DESC, created_at, id"
                        + " LIMIT 1 FOR SHARE")
                .execute(Tuple.of(account, ip, tag))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(read(rows.iterator().next().getString("state"), CustomerGatewayState.class)));
    }

    /** The account's VPN gateway serving this VPC, if any (REQ-B-001). */
    public static Uni<Optional<String>> vpnGatewayOfVpc(SqlClient tx, String account, String vpcId) {
        return ids(tx, "SELECT id FROM vpn_gateway WHERE account_id = $1 AND vpc_id = $2", account, vpcId)
                .map(ids -> ids.stream().findFirst());
    }

    /** Takes the row lock of a resource about to be deleted, so concurrent users wait for the decision. */
    public static Uni<Void> lockForDelete(SqlClient tx, Table table, String id) {
        return tx.preparedQuery("SELECT id FROM " + table.sql + " WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    private static Uni<List<String>> ids(SqlClient tx, String sql, Object... params) {
        return tx.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getString("id")));
            return ids;
        });
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("read model row does not fit " + type.getSimpleName(), e);
        }
    }
}
