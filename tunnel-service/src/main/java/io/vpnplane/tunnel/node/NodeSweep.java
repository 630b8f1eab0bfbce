package io.vpnplane.tunnel.node;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.tunnel.connection.TunnelSpecs;
import io.vpnplane.tunnel.tunnel.TunnelReconciler;
import io.vpnplane.tunnel.tunnel.TunnelViewProjection;

/**
 * Periodically: marks down the nodes whose heartbeats stopped and moves the tunnels off every down node, then retries the placement of
 * waiting tunnels (a node came up, capacity was freed). Each node's and each tunnel's work is its own transaction, so
 * one failure does not hold the others back; a failed step is retried at the next sweep.
 */
@ApplicationScoped
public class NodeSweep {

    private static final Logger LOG = Logger.getLogger(NodeSweep.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    GatewayNodeRegistry registry;

    @Inject
    TunnelViewProjection view;

    @Inject
    TunnelSpecs specs;

    @Inject
    TunnelReconciler tunnels;

    @Scheduled(every = "${vpnplane.tunnel.sweep-interval:2s}", delayed = "${vpnplane.tunnel.sweep-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            pool.withTransaction(registry::markSilentNodesDown).await().atMost(TIMEOUT);
            // Every down node, not only the ones that just went down: a move that failed last time is retried now.
            List<String> down = pool.withConnection(registry::all).await().atMost(TIMEOUT).stream()
                    .filter(n -> !n.up()).map(GatewayNode::nodeId).toList();
            for (String nodeId : down) {
                List<String> affected = pool.withConnection(c -> view.tunnelsOn(c, nodeId)).await().atMost(TIMEOUT);
                for (String tunnelId : affected) {
                    pool.withTransaction(tx -> context(tx, tunnelId).chain(ctx -> tunnels.nodeDown(tx, tunnelId, nodeId, ctx)))
                            .await().atMost(TIMEOUT);
                }
            }
            List<String> pending = pool.withConnection(view::pendingTunnels).await().atMost(TIMEOUT);
            for (String tunnelId : pending) {
                pool.withTransaction(tx -> context(tx, tunnelId)
                        .chain(ctx -> tunnels.reconcile(tx, tunnelId, "placement retried", ctx))).await().atMost(TIMEOUT);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "node sweep failed; retrying at the next sweep");
        }
    }

    /** Events the platform causes on its own still belong to the tunnel's account. */
    private Uni<EventContext> context(SqlConnection tx, String tunnelId) {
        return specs.accountOf(tx, tunnelId).map(account -> account
                .map(a -> EventContext.of(a, UUID.randomUUID().toString()))
                .orElseGet(EventContext::platform));
    }

}
