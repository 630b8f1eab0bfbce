package io.vpnplane.eventsourcing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vpnplane.events.EventTypeInfo;
import io.vpnplane.events.EventTypeName;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.platform.PlatformEvent;

/**
 * The append-only event store of one service, in that service's PostgreSQL database (tables:
 * {@link EventStoreSchema}). It has no connection of its own: every call takes the caller's {@link SqlConnection}
 * or {@link SqlClient}, so an append and the read-model writes of the same command commit in ONE transaction:
 *
 * <pre>{@code
 * pool.withTransaction(tx -> store.load(tx, id, Connection.FOLD)
 *         .chain(current -> store.append(tx, id, ExpectedVersion.exactly(ifMatch), decide(current, command), context))
 *         .call(appended -> readModel.apply(appended.events(), tx)));
 * }</pre>
 *
 * Nothing is sent to Kafka here: the {@link OutboxRelay} publishes committed rows. Thread-safe and stateless apart
 * from its configuration.
 */
public final class EventStore {

    private static final String VERSION_SQL = """
            SELECT stream_version, transaction_id <= pg_current_xact_id() AS in_commit_order
            FROM es_event WHERE stream_category = $1 AND stream_id = $2
            ORDER BY stream_version DESC LIMIT 1""";
    private static final String INSERT_SQL = """
            INSERT INTO es_event (event_id, stream_category, stream_id, stream_version, event_type, schema_version, topic,
                                  payload, metadata, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::json, $9::text::json, $10)
            RETURNING position""";
    /**
     * One event to each of many streams, each at its stream's next version, in one statement. A stream whose latest
     * event was written by a newer transaction is skipped (and the call fails below), as {@link #append} refuses it.
     */
    private static final String APPEND_TO_EACH_SQL = """
            WITH e AS (
              SELECT u.*, coalesce(last.stream_version, 0) AS current, coalesce(last.transaction_id <= pg_current_xact_id(), true) AS in_order
              FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[]) WITH ORDINALITY
                   AS u(event_id, stream_category, stream_id, event_type, schema_version, topic, payload, n)
              LEFT JOIN LATERAL (SELECT stream_version, transaction_id FROM es_event x
                                 WHERE x.stream_category = u.stream_category AND x.stream_id = u.stream_id
                                 ORDER BY stream_version DESC LIMIT 1) last ON true)
            INSERT INTO es_event (event_id, stream_category, stream_id, stream_version, event_type, schema_version, topic,
                                  payload, metadata, recorded_at)
            SELECT event_id, stream_category, stream_id, current + 1, event_type, schema_version, topic, payload::json,
                   $8::text::json, $9
            FROM e WHERE in_order ORDER BY n
            RETURNING stream_id""";
    static final String COLUMNS = """
            position, event_id, stream_category, stream_id, stream_version, event_type, schema_version, topic,
            payload::text AS payload, metadata::text AS metadata, recorded_at""";
    private static final String READ_STREAM_SQL = "SELECT " + COLUMNS
            + " FROM es_event WHERE stream_category = $1 AND stream_id = $2 ORDER BY stream_version";
    private static final String READ_ALL_SQL = "SELECT " + COLUMNS + """
             FROM es_event
            WHERE position > $1
              AND (cardinality($2::text[]) = 0 OR stream_category = ANY($2::text[]))
              AND (cardinality($3::text[]) = 0 OR event_type = ANY($3::text[]))
            ORDER BY position LIMIT $4""";

    private final EventTypes types;
    private final URI source;
    private final TopicRouting routing;
    private final Clock clock;

    /**
     * @param types   the events this service writes and reads back (usually {@code EventCatalog.all()})
     * @param source  the {@code ce_source} of this service, e.g. {@code /vpnplane/connection-service}
     * @param routing where each event is published
     * @param clock   the source of {@code ce_time}
     */
    public EventStore(EventTypes types, URI source, TopicRouting routing, Clock clock) {
        // The kernel itself writes platform events (e.g. ProjectionRebuilt), so the store always knows them.
        this.types = Objects.requireNonNull(types, "types").with(PlatformEvent.class);
        this.source = Objects.requireNonNull(source, "source");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store that routes by {@code @EventTopic} and stamps events with the system clock. */
    public static EventStore create(EventTypes types, URI source) {
        return new EventStore(types, source, TopicRouting.BY_EVENT_TYPE, Clock.systemUTC());
    }

    public EventTypes types() {
        return types;
    }

    public URI source() {
        return source;
    }

    /**
     * Appends {@code events} to {@code stream} inside the caller's transaction {@code tx}. The events become visible
     * to others, and to the relay, when {@code tx} commits; if it rolls back they never existed.
     *
     * <p>Fails with {@link StreamVersionConflict} when the stream is not at {@code expected}. The check reads the
     * current version first (the conflict then carries the real version); if a concurrent writer wins the race
     * after that, the unique (stream, version) constraint rejects the insert (SQLSTATE 23505) and the conflict
     * reports {@code expected + 1} as the version, a lower bound; {@code tx} is then aborted and must be rolled
     * back, which {@code Pool.withTransaction} does when the returned Uni fails. It also conflicts in the rare case
     * that {@code tx} started writing before the stream's last event committed, because the relay orders by
     * transaction id and would otherwise publish this stream out of order; retrying in a new transaction succeeds.
     *
     * @return the new stream version and the recorded events, for the read-model updates of the same transaction
     */
    public Uni<AppendResult> append(SqlConnection tx, StreamId stream, ExpectedVersion expected, List<? extends Record> events,
                                    EventContext context) {
        if (events.isEmpty()) {
            return version(tx, stream).map(v -> new AppendResult(stream, v, List.of()));
        }
        List<EventTypeInfo> infos = events.stream().map(types::describe).toList();
        return tx.preparedQuery(VERSION_SQL).execute(Tuple.of(stream.category(), stream.id())).chain(rows -> {
            long current = 0;
            boolean inCommitOrder = true;
            if (rows.iterator().hasNext()) {
                Row row = rows.iterator().next();
                current = row.getLong("stream_version");
                inCommitOrder = row.getBoolean("in_commit_order");
            }
            long expectedVersion = expected instanceof ExpectedVersion.Exactly(long v) ? v : current;
            if (current != expectedVersion || !inCommitOrder) {
                return Uni.createFrom().failure(new StreamVersionConflict(stream.id(), expectedVersion, current));
            }
            return insert(tx, stream, expectedVersion, events, infos, context);
        });
    }

    private Uni<AppendResult> insert(SqlConnection tx, StreamId stream, long base, List<? extends Record> events,
                                     List<EventTypeInfo> infos, EventContext context) {
        Instant now = now();
        String metadata = new EventMetadata(source, context).toJson();
        List<Tuple> batch = new ArrayList<>(events.size());
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Record event = events.get(i);
            Encoded e = encode(stream, event, infos.get(i));
            long version = base + i + 1;
            batch.add(Tuple.from(List.of(e.id(), stream.category(), stream.id(), version, e.info().typeName().name(),
                    e.info().typeName().version(), e.topic(), e.json(), metadata, now.atOffset(ZoneOffset.UTC))));
            recorded.add(new RecordedEvent(0, e.id(), stream, version, e.info().typeName(), e.topic(), event, e.json(), source,
                    context, now));
        }
        return tx.preparedQuery(INSERT_SQL).executeBatch(batch)
                .onFailure(EventStore::isStreamVersionViolation)
                .transform(e -> new StreamVersionConflict(stream.id(), base, base + 1))
                .map(rows -> {
                    List<RecordedEvent> withPositions = new ArrayList<>(recorded.size());
                    RowSet<Row> set = rows;
                    for (RecordedEvent r : recorded) {
                        long position = set.iterator().next().getLong("position");
                        withPositions.add(new RecordedEvent(position, r.eventId(), r.stream(), r.version(), r.type(), r.topic(),
                                r.data(), r.json(), r.source(), r.context(), r.recordedAt()));
                        set = set.next();
                    }
                    return new AppendResult(stream, base + events.size(), withPositions);
                });
    }

    /**
     * Appends one event to each stream of {@code events} (in its iteration order) inside {@code tx}, each at that
     * stream's next version, in one statement: for current-state streams that mirror a decision the same transaction
     * already serialized through an aggregate's expected version (one per destination, say), where a read-then-append
     * per stream would cost two round trips each. Fails with {@link StreamVersionConflict} when another transaction
     * appended to one of the streams concurrently, or when {@link #append} would refuse the order.
     */
    public Uni<Void> appendToEach(SqlConnection tx, Map<StreamId, ? extends Record> events, EventContext context) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] categories = new String[n];
        String[] streams = new String[n];
        String[] typeNames = new String[n];
        Integer[] schemaVersions = new Integer[n];
        String[] topics = new String[n];
        String[] payloads = new String[n];
        int i = 0;
        for (Map.Entry<StreamId, ? extends Record> entry : events.entrySet()) {
            Encoded e = encode(entry.getKey(), entry.getValue(), types.describe(entry.getValue()));
            ids[i] = e.id();
            categories[i] = entry.getKey().category();
            streams[i] = entry.getKey().id();
            typeNames[i] = e.info().typeName().name();
            schemaVersions[i] = e.info().typeName().version();
            topics[i] = e.topic();
            payloads[i] = e.json();
            i++;
        }
        String metadata = new EventMetadata(source, context).toJson();
        return tx.preparedQuery(APPEND_TO_EACH_SQL)
                .execute(Tuple.from(List.of(ids, categories, streams, typeNames, schemaVersions, topics, payloads, metadata,
                        now().atOffset(ZoneOffset.UTC))))
                .onFailure(EventStore::isStreamVersionViolation)
                .transform(e -> new StreamVersionConflict(String.join(",", streams), "another transaction appended to one of these streams"))
                .chain(rows -> {
                    Set<String> written = new HashSet<>();
                    rows.forEach(row -> written.add(row.getString("stream_id")));
                    return Arrays.stream(streams).filter(s -> !written.contains(s)).findFirst()
                            .<Uni<Void>>map(refused -> Uni.createFrom().failure(new StreamVersionConflict(refused,
                                    "its latest event was written by a newer transaction; retry in a new transaction")))
                            .orElseGet(() -> Uni.createFrom().voidItem());
                });
    }

    /** One event as both append paths write it: a new id, its topic and its JSON. */
    private record Encoded(UUID id, EventTypeInfo info, String topic, String json) {
    }

    private Encoded encode(StreamId stream, Record event, EventTypeInfo info) {
        return new Encoded(UUID.randomUUID(), info, routing.topicFor(stream, info),
                new String(types.encode(event), StandardCharsets.UTF_8));
    }

    /** {@code recorded_at}: microseconds, what PostgreSQL keeps, so a read-back event equals the appended one. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static boolean isStreamVersionViolation(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState())
                && EventStoreSchema.STREAM_VERSION_CONSTRAINT.equals(pg.getConstraint());
    }

    /** The stream's current version, 0 when it has no events. */
    public Uni<Long> version(SqlClient client, StreamId stream) {
        return client.preparedQuery("SELECT coalesce(max(stream_version), 0) AS v FROM es_event WHERE stream_category = $1 AND stream_id = $2")
                .execute(Tuple.of(stream.category(), stream.id()))
                .map(rows -> rows.iterator().next().getLong("v"));
    }

    /** Every event of the stream, in version order. */
    public Uni<List<RecordedEvent>> read(SqlClient client, StreamId stream) {
        return client.preparedQuery(READ_STREAM_SQL).execute(Tuple.of(stream.category(), stream.id())).map(this::recorded);
    }

    /** The stream's state, folded from all its events, and its version. */
    public <S> Uni<Versioned<S>> load(SqlClient client, StreamId stream, StateFold<S> fold) {
        return read(client, stream).map(events -> {
            S state = fold.initial();
            long version = 0;
            for (RecordedEvent e : events) {
                state = fold.evolve(state, e.data());
                version = e.version();
            }
            return new Versioned<>(state, version);
        });
    }

    /**
     * Up to {@code limit} committed events selected by {@code selector} with a position above {@code afterPosition},
     * in position order: the replay source of {@link ProjectionRebuilder}.
     */
    public Uni<List<RecordedEvent>> readAll(SqlClient client, EventSelector selector, long afterPosition, int limit) {
        return client.preparedQuery(READ_ALL_SQL)
                .execute(Tuple.of(afterPosition, selector.categories().toArray(String[]::new),
                        selector.typeNames().toArray(String[]::new), limit))
                .map(this::recorded);
    }

    private List<RecordedEvent> recorded(RowSet<Row> rows) {
        List<RecordedEvent> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            EventTypeName type = new EventTypeName(row.getString("event_type"), row.getInteger("schema_version"));
            String json = row.getString("payload");
            Record data = types.decode(type.ceType(), json.getBytes(StandardCharsets.UTF_8)).orElseThrow(() ->
                    new IllegalStateException("event table holds " + type + ", which this service's EventTypes does not register"));
            EventMetadata metadata = EventMetadata.fromJson(row.getString("metadata"));
            out.add(new RecordedEvent(row.getLong("position"), row.getUUID("event_id"),
                    new StreamId(row.getString("stream_category"), row.getString("stream_id")), row.getLong("stream_version"),
                    type, row.getString("topic"), data, json, metadata.source(), metadata.context(),
                    row.getOffsetDateTime("recorded_at").toInstant()));
        }
        return out;
    }
}
