package io.vpnplane.eventsourcing;

import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** A read model of the counters (table counter_view), updated in the append's transaction and rebuildable. */
final class CounterView implements Projection {

    static final String CATEGORY = "counter";

    static void createTable(Pool pool) {
        pool.query("CREATE TABLE counter_view (id text PRIMARY KEY, label text NOT NULL, total bigint NOT NULL, version bigint NOT NULL)")
                .execute().await().atMost(Duration.ofSeconds(10));
    }

    @Override
    public String name() {
        return "counter-view";
    }

    @Override
    public EventSelector selector() {
        return EventSelector.categories(CATEGORY);
    }

    @Override
    public Uni<Void> reset(SqlConnection tx) {
        return tx.query("TRUNCATE counter_view").execute().replaceWithVoid();
    }

    @Override
    public Uni<Void> apply(RecordedEvent event, SqlConnection tx) {
        return switch (event.data()) {
            case CounterEvent.Opened o -> tx.preparedQuery("INSERT INTO counter_view (id, label, total, version) VALUES ($1, $2, 0, $3)")
                    .execute(Tuple.of(event.stream().id(), o.label(), event.version())).replaceWithVoid();
            case CounterEvent.Incremented i -> tx.preparedQuery("UPDATE counter_view SET total = total + $2, version = $3 WHERE id = $1")
                    .execute(Tuple.of(event.stream().id(), i.by(), event.version())).replaceWithVoid();
            default -> Uni.createFrom().voidItem();
        };
    }
}
