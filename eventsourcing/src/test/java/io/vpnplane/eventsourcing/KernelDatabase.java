package io.vpnplane.eventsourcing;

import java.time.Duration;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vpnplane.testkit.PostgresDatabase;

/** A fresh PostgreSQL database with the kernel schema and a Vert.x pool on it: the plain-JUnit way to use the kernel. */
final class KernelDatabase implements AutoCloseable {

    final PostgresDatabase database;
    final Vertx vertx;
    final Pool pool;
    final PgConnectOptions options;

    private KernelDatabase(PostgresDatabase database, int poolSize) {
        this.database = database;
        this.vertx = Vertx.vertx();
        this.options = PgConnectOptions.fromUri(database.reactiveUrl()).setUser(database.user()).setPassword(database.password());
        this.pool = Pool.pool(vertx, options, new PoolOptions().setMaxSize(poolSize));
    }

    static KernelDatabase migrated(String prefix) {
        return migrated(prefix, 8);
    }

    static KernelDatabase migrated(String prefix, int poolSize) {
        KernelDatabase db = new KernelDatabase(PostgresDatabase.fresh(prefix), poolSize);
        EventStoreSchema.migrate(db.pool).await().atMost(Duration.ofSeconds(30));
        return db;
    }

    @Override
    public void close() {
        pool.close().await().atMost(Duration.ofSeconds(10));
        vertx.close().await().atMost(Duration.ofSeconds(10));
        database.drop();
    }
}
