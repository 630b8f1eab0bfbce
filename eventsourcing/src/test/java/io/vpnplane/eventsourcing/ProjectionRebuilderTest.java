package io.vpnplane.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.mutiny.sqlclient.Row;
import io.vpnplane.events.platform.ProjectionRebuilt;

class ProjectionRebuilderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KernelDatabase db;
    private static EventStore store;
    private final CounterView view = new CounterView();

    @BeforeAll
    static void setUp() {
        db = KernelDatabase.migrated("es_rebuild");
        CounterView.createTable(db.pool);
        store = EventStore.create(CounterEvent.TYPES, URI.create("/vpnplane/kernel-test"));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void rebuildReplaysTheSelectedEventsInOrderAndRecordsThatItDidSo() {
        for (int c = 0; c < 7; c++) {
            StreamId id = new StreamId(CounterView.CATEGORY, "ctr-" + c);
            List<Record> events = new ArrayList<>(List.of(new CounterEvent.Opened("counter " + c)));
            for (int i = 1; i <= c; i++) {
                events.add(new CounterEvent.Incremented(i));
            }
            db.pool.withTransaction(tx -> store.append(tx, id, ExpectedVersion.noStream(), events, EventContext.of("acc", "c"))
                    .call(appended -> view.apply(appended.events(), tx))).await().atMost(WAIT);
        }
        // Events of another category share the table; the projection does not select them.
        db.pool.withTransaction(tx -> store.append(tx, new StreamId("gauge", "g-1"), ExpectedVersion.noStream(),
                List.of(new CounterEvent.Opened("gauge")), EventContext.of("acc", "c"))).await().atMost(WAIT);
        List<String> live = viewRows();
        // Damage the read model the way a buggy deploy would.
        db.pool.query("UPDATE counter_view SET total = -1").execute().await().atMost(WAIT);
        db.pool.query("DELETE FROM counter_view WHERE id = 'ctr-3'").execute().await().atMost(WAIT);

        ProjectionRebuilder.Result result = new ProjectionRebuilder(store, 4, Clock.systemUTC()).rebuild(db.pool, view).await().atMost(WAIT);

        assertThat(viewRows()).isEqualTo(live);
        assertThat(live).contains("ctr-6:counter 6:21:7");
        assertThat(result.eventsReplayed()).as("7 opens + 0+1+...+6 increments").isEqualTo(7 + 21);
        List<RecordedEvent> audit = store.read(db.pool, new StreamId(ProjectionRebuilder.STREAM_CATEGORY, "counter-view")).await().atMost(WAIT);
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.data()).isInstanceOfSatisfying(ProjectionRebuilt.class, r -> {
                assertThat(r.service()).isEqualTo("kernel-test");
                assertThat(r.eventsReplayed()).isEqualTo(28);
            });
            assertThat(e.type().ceType()).isEqualTo("io.vpnplane.platform.projection-rebuilt.v1");
        });
    }

    private static List<String> viewRows() {
        List<String> rows = new ArrayList<>();
        for (Row r : db.pool.query("SELECT id, label, total, version FROM counter_view ORDER BY id").execute().await().atMost(WAIT)) {
            rows.add(r.getString("id") + ":" + r.getString("label") + ":" + r.getLong("total") + ":" + r.getLong("version"));
        }
        return rows;
    }
}
