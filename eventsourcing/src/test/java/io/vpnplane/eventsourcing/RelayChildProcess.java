package io.vpnplane.eventsourcing;

import java.time.Duration;

import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;

/** A relay in a JVM of its own, so {@link RelayKillTest} can kill it with SIGKILL: a real crash, nothing runs after it. */
public final class RelayChildProcess {

    private RelayChildProcess() {
    }

    /** Arguments: reactive database URL, user, Kafka bootstrap servers, relay name, batch size. */
    public static void main(String[] args) throws InterruptedException {
        PgConnectOptions options = PgConnectOptions.fromUri(args[0]).setUser(args[1]);
        RelayConfig config = RelayConfig.of(args[3], args[2]).withBatchSize(Integer.parseInt(args[4]))
                .withIdlePoll(Duration.ofMillis(2));
        OutboxRelay.start(Vertx.vertx(), options, config);
        System.out.println("relay started");
        Thread.sleep(Duration.ofMinutes(10));
    }
}
