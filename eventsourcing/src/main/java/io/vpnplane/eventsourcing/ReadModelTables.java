package io.vpnplane.eventsourcing;

import java.time.Duration;
import java.util.List;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Creates a service's own tables (read models, secrets, idempotency keys) at startup: idempotent DDL
 * ({@code IF NOT EXISTS}) in one transaction under an advisory lock named after the service, so instances starting
 * together do not race.
 */
public final class ReadModelTables {

    private ReadModelTables() {
    }

    public static void create(Pool pool, String service, List<String> ddl) {
        pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                        .execute(Tuple.of("vpnplane.tables/" + service))
                        .chain(() -> Multi.createFrom().iterable(ddl)
                                .onItem().transformToUniAndConcatenate(statement -> tx.query(statement).execute())
                                .collect().last()))
                .await().atMost(Duration.ofMinutes(1));
    }
}
