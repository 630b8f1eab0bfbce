package io.vpnplane.tunnel.node;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.events.node.GatewayNodeHeartbeat;
import io.vpnplane.tunnel.secret.SecretSealer;

/**
 * The gateway-node registry ({@code gateway_node}): a heartbeat registers or refreshes a node and marks it up; the
 * sweep marks nodes down whose heartbeats stopped for longer than the {@link HeartbeatGracePeriod}.
 */
@ApplicationScoped
public class GatewayNodeRegistry {

    private static final Logger LOG = Logger.getLogger(GatewayNodeRegistry.class);
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final String COLUMNS = "node_id, zone, gateway_addresses, capacity, software_version, public_key, last_heartbeat_at, up";

    @Inject
    Clock clock;

    @Inject
    HeartbeatGracePeriod grace;

    /**
     * Records a heartbeat at the registry's clock. A heartbeat the registry cannot use (bad key or addresses) is
     * logged and ignored: placing tunnels on such a node would only fail later.
     */
    public Uni<Void> heartbeat(SqlClient client, GatewayNodeHeartbeat heartbeat) {
        Optional<String> problem = problem(heartbeat);
        if (problem.isPresent()) {
            LOG.warnf("ignoring heartbeat of node %s: %s", heartbeat.nodeId(), problem.get());
            return Uni.createFrom().voidItem();
        }
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        return client.preparedQuery("""
                        INSERT INTO gateway_node (node_id, zone, gateway_addresses, capacity, software_version, public_key, last_heartbeat_at, up, changed_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, true, $7)
                        ON CONFLICT (node_id) DO UPDATE SET zone = excluded.zone, gateway_addresses = excluded.gateway_addresses,
                          capacity = excluded.capacity, software_version = excluded.software_version, public_key = excluded.public_key,
                          last_heartbeat_at = excluded.last_heartbeat_at, up = true,
                          changed_at = CASE WHEN gateway_node.up THEN gateway_node.changed_at ELSE excluded.changed_at END""")
                .execute(Tuple.from(List.of(heartbeat.nodeId(), heartbeat.zone(), heartbeat.gatewayAddresses().toArray(String[]::new),
                        heartbeat.capacity(), heartbeat.softwareVersion(), heartbeat.publicKey(), now)))
                .replaceWithVoid();
    }

    static Optional<String> problem(GatewayNodeHeartbeat heartbeat) {
        if (heartbeat.zone() == null || heartbeat.zone().isBlank()) {
            return Optional.of("no zone");
        }
        if (heartbeat.capacity() < 0) {
            return Optional.of("negative capacity");
        }
        if (heartbeat.publicKey() == null || !SecretSealer.isValidPublicKey(heartbeat.publicKey())) {
            return Optional.of("public key is not a base64 X25519 key");
        }
        return heartbeat.gatewayAddresses().stream().filter(a -> !IPV4.matcher(a).matches()).findFirst()
                .map(a -> "gateway address is not IPv4: " + a);
    }

    public Uni<List<GatewayNode>> all(SqlClient client) {
        return client.query("SELECT " + COLUMNS + " FROM gateway_node ORDER BY zone, node_id").execute().map(GatewayNodeRegistry::nodes);
    }

    /** Nodes marked up whose heartbeats are within the grace period. */
    public Uni<List<GatewayNode>> healthy(SqlClient client) {
        return all(client).map(nodes -> nodes.stream().filter(GatewayNode::up).filter(grace::alive).toList());
    }

    public Uni<Optional<GatewayNode>> find(SqlClient client, String nodeId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM gateway_node WHERE node_id = $1").execute(Tuple.of(nodeId))
                .map(rows -> nodes(rows).stream().findFirst());
    }

    /** Marks down every node whose heartbeats stopped; returns the ids of the nodes that went down now. */
    public Uni<List<String>> markSilentNodesDown(SqlClient client) {
        return all(client).chain(nodes -> {
            List<String> expired = grace.expired(nodes).stream().map(GatewayNode::nodeId).toList();
            var now = clock.instant().atOffset(ZoneOffset.UTC);
            return Multi.createFrom().iterable(expired)
                    .onItem().transformToUniAndConcatenate(id -> client
                            .preparedQuery("UPDATE gateway_node SET up = false, changed_at = $2 WHERE node_id = $1 AND up")
                            .execute(Tuple.of(id, now)))
                    .collect().asList()
                    .invoke(() -> expired.forEach(id -> LOG.warnf("gateway node %s is down: no heartbeat for %s", id, grace.grace())))
                    .replaceWith(expired);
        });
    }

    private static List<GatewayNode> nodes(Iterable<Row> rows) {
        List<GatewayNode> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new GatewayNode(r.getString("node_id"), r.getString("zone"), Arrays.asList(r.getArrayOfStrings("gateway_addresses")),
                    r.getInteger("capacity"), r.getString("software_version"), r.getString("public_key"),
                    r.getOffsetDateTime("last_heartbeat_at").toInstant(), r.getBoolean("up")));
        }
        return out;
    }
}
