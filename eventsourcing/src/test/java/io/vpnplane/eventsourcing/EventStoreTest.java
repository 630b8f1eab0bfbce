package io.vpnplane.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.events.Topics;

class EventStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static KernelDatabase db;
    private static EventStore store;
    private final CounterView view = new CounterView();

    @BeforeAll
    static void setUp() {
        db = KernelDatabase.migrated("es_store");
        CounterView.createTable(db.pool);
        store = EventStore.create(CounterEvent.TYPES, URI.create("/vpnplane/kernel-test"));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private static StreamId newCounter() {
        return new StreamId(CounterView.CATEGORY, "ctr-" + UUID.randomUUID());
    }

    @Test
    void appendAndReadModelCommitInOneTransactionAndLoadFoldsTheStream() {
        StreamId id = newCounter();
        EventContext context = EventContext.of("acc-1", "req-1").withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        AppendResult result = db.pool.withTransaction(tx -> store.append(tx, id, ExpectedVersion.noStream(),
                        List.of(new CounterEvent.Opened("door"), new CounterEvent.Incremented(2)), context)
                .call(appended -> view.apply(appended.events(), tx))).await().atMost(WAIT);

        assertThat(result.version()).isEqualTo(2);
        assertThat(result.events()).extracting(RecordedEvent::version).containsExactly(1L, 2L);
        assertThat(result.events().get(0).position()).isLessThan(result.events().get(1).position());
        assertThat(result.events()).allSatisfy(e -> assertThat(e.topic()).isEqualTo(Topics.PLATFORM));

        Versioned<CounterEvent.Counter> loaded = store.load(db.pool, id, CounterEvent.FOLD).await().atMost(WAIT);
        assertThat(loaded.state()).isEqualTo(new CounterEvent.Counter("door", 2));
        assertThat(loaded.version()).isEqualTo(2);
        assertThat(viewRow(id)).contains("door:2:2");

        List<RecordedEvent> read = store.read(db.pool, id).await().atMost(WAIT);
        assertThat(read).extracting(RecordedEvent::eventId).isEqualTo(result.events().stream().map(RecordedEvent::eventId).toList());
        RecordedEvent first = read.getFirst();
        assertThat(first.type().ceType()).isEqualTo("io.vpnplane.test.counter-opened.v1");
        assertThat(first.context()).isEqualTo(context);
        assertThat(first.recordedAt()).isEqualTo(result.events().getFirst().recordedAt());
        assertThat(first.toCloudEvent().subject()).isEqualTo(id.id());
        assertThat(first.toCloudEvent().source()).isEqualTo(URI.create("/vpnplane/kernel-test"));
    }

    @Test
    void aRolledBackTransactionLeavesNeitherEventsNorReadModel() {
        StreamId id = newCounter();

        assertThatThrownBy(() -> db.pool.withTransaction(tx -> store.append(tx, id, ExpectedVersion.noStream(), List.of(new CounterEvent.Opened("x")),
                        EventContext.of("a", "c"))
                .call(appended -> view.apply(appended.events(), tx))
                .chain(() -> tx.query("SELECT 1/0").execute())).await().atMost(WAIT)).hasMessageContaining("division by zero");

        assertThat(store.version(db.pool, id).await().atMost(WAIT)).isZero();
        assertThat(viewRow(id)).isEmpty();
    }

    @Test
    void appendingAtAStaleVersionConflictsWithTheActualVersion() {
        StreamId id = newCounter();
        append(id, ExpectedVersion.noStream(), new CounterEvent.Opened("x"));
        append(id, ExpectedVersion.exactly(1), new CounterEvent.Incremented(1));

        assertThatThrownBy(() -> append(id, ExpectedVersion.exactly(1), new CounterEvent.Incremented(1)))
                .isInstanceOfSatisfying(StreamVersionConflict.class, c -> {
                    assertThat(c.streamId()).isEqualTo(id.id());
                    assertThat(c.expectedVersion()).isEqualTo(1);
                    assertThat(c.actualVersion()).isEqualTo(2);
                });
        assertThatThrownBy(() -> append(id, ExpectedVersion.noStream(), new CounterEvent.Opened("again")))
                .isInstanceOf(StreamVersionConflict.class);
        assertThat(append(id, ExpectedVersion.any(), new CounterEvent.Incremented(5)).version()).isEqualTo(3);
    }

    @Test
    void theUniqueConstraintDecidesARaceBetweenTwoOpenTransactions() throws Exception {
        StreamId id = newCounter();
        append(id, ExpectedVersion.noStream(), new CounterEvent.Opened("x"));
        SqlConnection first = db.pool.getConnection().await().atMost(WAIT);
        SqlConnection second = db.pool.getConnection().await().atMost(WAIT);
        try {
            var firstTx = first.begin().await().atMost(WAIT);
            var secondTx = second.begin().await().atMost(WAIT);
            store.append(first, id, ExpectedVersion.exactly(1), List.of(new CounterEvent.Incremented(1)), EventContext.of("a", "c")).await().atMost(WAIT);

            // Both saw version 1; the second insert waits on the first's uncommitted row, then hits 23505.
            CompletableFuture<AppendResult> racing = store.append(second, id, ExpectedVersion.exactly(1), List.of(new CounterEvent.Incremented(2)),
                    EventContext.of("a", "c")).subscribeAsCompletionStage();
            Thread.sleep(300);
            assertThat(racing).isNotDone();
            firstTx.commit().await().atMost(WAIT);

            assertThatThrownBy(() -> racing.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(StreamVersionConflict.class);
            secondTx.rollback().await().atMost(WAIT);
        } finally {
            first.close().await().atMost(WAIT);
            second.close().await().atMost(WAIT);
        }
        assertThat(store.load(db.pool, id, CounterEvent.FOLD).await().atMost(WAIT).state().total()).isEqualTo(1);
    }

    @Test
    void refusesAnAppendThatWouldPublishAStreamOutOfOrder() {
        StreamId id = newCounter();
        SqlConnection early = db.pool.getConnection().await().atMost(WAIT);
        try {
            var earlyTx = early.begin().await().atMost(WAIT);
            // This transaction takes its transaction id before the stream's first event is even written...
            early.query("SELECT pg_current_xact_id()").execute().await().atMost(WAIT);
            append(id, ExpectedVersion.noStream(), new CounterEvent.Opened("x"));

            // ...so its version 2 would sort before version 1 in the relay's (transaction id, position) order.
            assertThatThrownBy(() -> store.append(early, id, ExpectedVersion.exactly(1), List.of(new CounterEvent.Incremented(1)),
                    EventContext.of("a", "c")).await().atMost(WAIT)).isInstanceOf(StreamVersionConflict.class);
            earlyTx.rollback().await().atMost(WAIT);
        } finally {
            early.close().await().atMost(WAIT);
        }
        assertThat(append(id, ExpectedVersion.exactly(1), new CounterEvent.Incremented(1)).version()).as("a fresh transaction succeeds").isEqualTo(2);
    }

    @Test
    void appendToEachWritesOneEventPerStreamAtItsNextVersionInOneTransaction() {
        StreamId existing = newCounter();
        append(existing, ExpectedVersion.noStream(), new CounterEvent.Opened("e"));
        append(existing, ExpectedVersion.exactly(1), new CounterEvent.Incremented(1));
        StreamId fresh1 = newCounter();
        StreamId fresh2 = newCounter();
        Map<StreamId, Record> events = new LinkedHashMap<>();
        events.put(existing, new CounterEvent.Incremented(5));
        events.put(fresh1, new CounterEvent.Opened("f1"));
        events.put(fresh2, new CounterEvent.Opened("f2"));

        db.pool.withTransaction(tx -> store.appendToEach(tx, events, EventContext.of("acc-1", "req"))).await().atMost(WAIT);

        assertThat(db.pool.withConnection(c -> store.version(c, existing)).await().atMost(WAIT)).isEqualTo(3);
        assertThat(db.pool.withConnection(c -> store.version(c, fresh1)).await().atMost(WAIT)).isEqualTo(1);
        List<RecordedEvent> read = db.pool.withConnection(c -> store.read(c, fresh2)).await().atMost(WAIT);
        assertThat(read).singleElement().satisfies(e -> assertThat(e.data()).isEqualTo(new CounterEvent.Opened("f2")));
    }

    @Test
    void appendToEachRefusesAStreamItWouldPublishOutOfOrderAndWritesNothing() {
        StreamId id = newCounter();
        StreamId other = newCounter();
        SqlConnection early = db.pool.getConnection().await().atMost(WAIT);
        try {
            var earlyTx = early.begin().await().atMost(WAIT);
            early.query("SELECT pg_current_xact_id()").execute().await().atMost(WAIT);
            append(id, ExpectedVersion.noStream(), new CounterEvent.Opened("x"));

            Map<StreamId, Record> events = new LinkedHashMap<>();
            events.put(other, new CounterEvent.Opened("o"));
            events.put(id, new CounterEvent.Incremented(1));
            assertThatThrownBy(() -> store.appendToEach(early, events, EventContext.of("a", "c")).await().atMost(WAIT))
                    .isInstanceOf(StreamVersionConflict.class).hasMessageContaining(id.id());
            earlyTx.rollback().await().atMost(WAIT);
        } finally {
            early.close().await().atMost(WAIT);
        }
        assertThat(db.pool.withConnection(c -> store.version(c, other)).await().atMost(WAIT)).as("rolled back with the refusal").isZero();
    }

    private static AppendResult append(StreamId id, ExpectedVersion expected, Record event) {
        return db.pool.withTransaction(tx -> store.append(tx, id, expected, List.of(event), EventContext.of("acc-1", "req"))).await().atMost(WAIT);
    }

    private static Optional<String> viewRow(StreamId id) {
        var rows = db.pool.preparedQuery("SELECT label, total, version FROM counter_view WHERE id = $1").execute(Tuple.of(id.id())).await().atMost(WAIT);
        if (!rows.iterator().hasNext()) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        return Optional.of(r.getString("label") + ":" + r.getLong("total") + ":" + r.getLong("version"));
    }
}
