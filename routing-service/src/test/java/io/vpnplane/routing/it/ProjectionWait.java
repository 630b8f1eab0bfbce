package io.vpnplane.routing.it;

import java.time.Duration;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Waits until routing-service's projections have caught up with events a test published (eventual consistency). */
public final class ProjectionWait {

    private ProjectionWait() {
    }

    public static void until(Pool pool, String sql, Tuple args, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long actual = -1;
        while (System.nanoTime() < deadline) {
            actual = pool.preparedQuery(sql).execute(args).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
            if (actual == expected) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("projection did not reach " + expected + " for " + sql + " " + args.deepToString() + " (was " + actual + ")");
    }

    /** The gateway and this many live connections on it are known. */
    public static void gatewayWithConnections(Pool pool, String gatewayId, int connections) {
        until(pool, "SELECT count(*) FROM rt_vpn_gateway WHERE id = $1 AND NOT deleted", Tuple.of(gatewayId), 1);
        until(pool, "SELECT count(*) FROM rt_connection WHERE vpn_gateway_id = $1 AND NOT deleted", Tuple.of(gatewayId), connections);
    }
}
