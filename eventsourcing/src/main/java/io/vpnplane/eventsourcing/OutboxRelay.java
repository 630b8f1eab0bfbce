package io.vpnplane.eventsourcing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;

/**
 * Publishes committed rows of the event table to Kafka, in order, at least once: the table is the outbox, and this
 * relay is the only path from the database to Kafka (no dual writes).
 *
 * <ul>
 * <li><b>One active relay per service database.</b> Each instance opens a dedicated connection and tries
 * {@code pg_try_advisory_lock} on a key derived from {@link RelayConfig#name()}; the holder publishes, the others
 * stand by and retry every {@code standbyPoll}. The lock is session-scoped, so a crashed or disconnected holder
 * releases it with its connection and a standby takes over.</li>
 * <li><b>No skipped events.</b> Positions come from a sequence, so a transaction can commit a lower position after a
 * higher one was already published. The relay therefore orders by the writer's transaction id ({@code xid8}) and
 * reads only rows whose transaction id is below {@code pg_snapshot_xmin(pg_current_snapshot())}: every transaction
 * that could still commit is newer than everything read. Its checkpoint is the pair (transaction id, position).
 * {@link EventStore#append} refuses the rare append that would put a stream's events out of that order.</li>
 * <li><b>At least once.</b> A round reads up to {@code batchSize} rows after the last one sent and sends them (key =
 * stream id, CloudEvents binary headers; idempotent producer, {@code acks=all}) without waiting: up to
 * {@value #MAX_ROUNDS_IN_FLIGHT} rounds are in flight, and the checkpoint advances only over rounds whose events
 * (and all earlier rounds') are acknowledged. A crash re-sends the unacknowledged or uncheckpointed rounds after
 * restart; consumers deduplicate on {@code ce_id} ({@link IdempotentConsumer}).</li>
 * <li><b>Tombstones.</b> Events of {@link RelayConfig#tombstoneTypes()} go out with a null value (same key and
 * headers), so a compacted topic forgets their key; the event table keeps their data.</li>
 * </ul>
 *
 * The relay runs on its own platform thread and blocks on its connection and producer; it never touches a Vert.x
 * event loop thread of the application.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);
    /** Rounds sent but not yet acknowledged before the relay waits for the oldest (bounds re-sends after a crash). */
    private static final int MAX_ROUNDS_IN_FLIGHT = 4;

    private static final String FETCH_SQL = """
            SELECT position, transaction_id::text AS xid, event_id, stream_id, event_type, schema_version, topic,
                   payload::text AS payload, metadata::text AS metadata, recorded_at
            FROM es_event
            WHERE (transaction_id, position) > ($1::text::xid8, $2)
              AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY transaction_id, position
            LIMIT $3""";
    private static final String SAVE_CHECKPOINT_SQL = """
            INSERT INTO es_relay_checkpoint (relay, transaction_id, position, updated_at)
            VALUES ($1, $2::text::xid8, $3, now())
            ON CONFLICT (relay) DO UPDATE SET transaction_id = excluded.transaction_id, position = excluded.position,
                                              updated_at = excluded.updated_at""";

    /** A publish position: the relay has sent every event up to and including this (transaction id, position). */
    public record Checkpoint(String transactionId, long position) {
        static final Checkpoint START = new Checkpoint("0", 0);
    }

    private final RelayConfig config;
    private final Supplier<Uni<SqlConnection>> connections;
    private final Function<Map<String, Object>, Producer<String, byte[]>> producers;
    private final Thread thread;
    private final AtomicLong published = new AtomicLong();
    private final AtomicReference<Checkpoint> checkpoint = new AtomicReference<>(Checkpoint.START);
    private volatile boolean running = true;
    private volatile boolean active;

    private SqlConnection connection;
    private Producer<String, byte[]> producer;
    /** Sent rounds, oldest first, until all their events are acknowledged. */
    private final ArrayDeque<Round> inFlight = new ArrayDeque<>();
    /** The newest position sent (ahead of {@link #checkpoint} while rounds are in flight). */
    private Checkpoint sent = Checkpoint.START;
    private CompletableFuture<RowSet<Row>> checkpointWrite;

    private record Round(Checkpoint last, int size, CompletableFuture<Void> acknowledged) {
    }

    private OutboxRelay(RelayConfig config, Supplier<Uni<SqlConnection>> connections,
                        Function<Map<String, Object>, Producer<String, byte[]>> producers) {
        this.config = config;
        this.connections = connections;
        this.producers = producers;
        this.thread = Thread.ofPlatform().name("outbox-relay-" + config.name()).daemon().unstarted(this::run);
    }

    /**
     * Starts a relay that connects with {@code database} (a dedicated connection, not one of the application
     * pool's: it holds the session lock) and publishes with a {@link KafkaProducer}.
     */
    public static OutboxRelay start(Vertx vertx, PgConnectOptions database, RelayConfig config) {
        return start(config, dedicatedConnections(vertx, database), OutboxRelay::kafkaProducer);
    }

    /**
     * Starts a relay with explicit connection and producer factories (e.g. an instrumented producer). Each call of
     * {@code connections} must open a NEW connection; the relay closes it when it loses or gives up the lock.
     */
    public static OutboxRelay start(RelayConfig config, Supplier<Uni<SqlConnection>> connections,
                                    Function<Map<String, Object>, Producer<String, byte[]>> producers) {
        OutboxRelay relay = new OutboxRelay(Objects.requireNonNull(config), Objects.requireNonNull(connections),
                Objects.requireNonNull(producers));
        relay.thread.start();
        return relay;
    }

    /** Opens a new PostgreSQL connection per call. */
    public static Supplier<Uni<SqlConnection>> dedicatedConnections(Vertx vertx, PgConnectOptions database) {
        return () -> PgConnection.connect(vertx, database).map(c -> (SqlConnection) c);
    }

    /** The producer the relay uses by default: {@code String} keys, raw JSON values. */
    public static Producer<String, byte[]> kafkaProducer(Map<String, Object> properties) {
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /** Whether this instance holds the lock and publishes (false while it stands by or recovers from a failure). */
    public boolean isActive() {
        return active;
    }

    /** Events this instance sent and had acknowledged since it started (a re-sent round counts again). */
    public long published() {
        return published.get();
    }

    /** The last checkpoint this instance loaded or wrote (the newest write may still be in flight). */
    public Checkpoint checkpoint() {
        return checkpoint.get();
    }

    /** Stops publishing, releases the lock, closes the producer and the connection; waits up to 30 s. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try {
                if (!active) {
                    acquire();
                    continue;
                }
                if (relayOneRound() == 0) {
                    pause(config.idlePoll());
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warnf(e, "outbox relay %s failed; resuming from checkpoint %s in %s", config.name(), checkpoint.get(), config.retryBackoff());
                release();
                pause(config.retryBackoff());
            }
        }
        release();
    }

    private void acquire() {
        if (connection == null) {
            connection = await(connections.get());
            // A checkpoint lost in a database crash only re-sends events, which at-least-once allows: don't wait for WAL flush.
            await(connection.query("SET synchronous_commit = off").execute());
        }
        boolean locked = await(connection.preparedQuery("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked")
                .execute(Tuple.of(lockName()))).iterator().next().getBoolean("locked");
        if (!locked) {
            pause(config.standbyPoll());
            return;
        }
        var rows = await(connection.preparedQuery("SELECT transaction_id::text AS xid, position FROM es_relay_checkpoint WHERE relay = $1")
                .execute(Tuple.of(config.name())));
        checkpoint.set(rows.iterator().hasNext()
                ? new Checkpoint(rows.iterator().next().getString("xid"), rows.iterator().next().getLong("position"))
                : Checkpoint.START);
        sent = checkpoint.get();
        producer = producers.apply(config.producerProperties());
        active = true;
        LOG.infof("outbox relay %s is active from checkpoint %s", config.name(), checkpoint.get());
    }

    private int relayOneRound() {
        RowSet<Row> rows = await(fetch(sent));
        if (rows.size() == 0) {
            // Nothing new: wait for what is in flight so the checkpoint catches up before the idle pause.
            while (!inFlight.isEmpty()) {
                checkpointAcknowledged(true);
            }
            return 0;
        }
        AtomicInteger pending = new AtomicInteger(rows.size());
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Checkpoint last = sent;
        for (Row row : rows) {
            CloudEvent event = toCloudEvent(row);
            // A tombstone keeps its ce_* headers so consumers still see which event removed the key.
            byte[] value = config.tombstoneTypes().contains(event.type()) ? null : event.data();
            producer.send(new ProducerRecord<>(row.getString("topic"), null, event.subject(), value, CloudEventHeaders.toKafka(event)),
                    (metadata, e) -> {
                        if (e != null) {
                            acknowledged.completeExceptionally(new IllegalStateException("Kafka rejected an event; resending from the checkpoint", e));
                        } else if (pending.decrementAndGet() == 0) {
                            acknowledged.complete(null);
                        }
                    });
            last = new Checkpoint(row.getString("xid"), row.getLong("position"));
        }
        // No flush per round: the next round is read and sent while Kafka acknowledges this one (the idempotent
        // producer keeps per-partition order across rounds); only fully acknowledged rounds are checkpointed.
        inFlight.addLast(new Round(last, rows.size(), acknowledged));
        sent = last;
        checkpointAcknowledged(inFlight.size() > MAX_ROUNDS_IN_FLIGHT);
        return rows.size();
    }

    /** Checkpoints the newest round whose events (and all earlier rounds') are acknowledged; {@code wait} blocks for the oldest. */
    private void checkpointAcknowledged(boolean wait) {
        Checkpoint acknowledged = null;
        while (!inFlight.isEmpty() && (wait || inFlight.peekFirst().acknowledged().isDone())) {
            Round round = inFlight.removeFirst();
            joined(round.acknowledged());
            published.addAndGet(round.size());
            acknowledged = round.last();
            wait = false;
        }
        if (acknowledged == null) {
            return;
        }
        if (checkpointWrite != null) {
            joined(checkpointWrite);
        }
        // Pipelined on the same connection ahead of the next fetch; a lost write only re-sends (at least once).
        checkpointWrite = connection.preparedQuery(SAVE_CHECKPOINT_SQL)
                .execute(Tuple.of(config.name(), acknowledged.transactionId(), acknowledged.position())).subscribeAsCompletionStage();
        checkpoint.set(acknowledged);
    }

    private Uni<RowSet<Row>> fetch(Checkpoint after) {
        return connection.preparedQuery(FETCH_SQL).execute(Tuple.of(after.transactionId(), after.position(), config.batchSize()));
    }

    private static CloudEvent toCloudEvent(Row row) {
        EventMetadata metadata = EventMetadata.fromJson(row.getString("metadata"));
        return new CloudEvent(row.getUUID("event_id"), metadata.source(),
                row.getString("event_type") + ".v" + row.getInteger("schema_version"), row.getString("stream_id"),
                row.getOffsetDateTime("recorded_at").toInstant(), metadata.context().account(), metadata.context().correlationId(),
                metadata.context().causationId(), metadata.context().traceparent(),
                row.getString("payload").getBytes(StandardCharsets.UTF_8));
    }

    /** Gives up the lock by closing the dedicated connection (which also covers a connection that is already broken). */
    private void release() {
        // close() interrupts; clear the flag so the orderly shutdown below is not cut short and the lock is really released.
        Thread.interrupted();
        active = false;
        inFlight.clear();
        checkpointWrite = null;
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf(e, "closing the producer of relay %s", config.name());
            }
            producer = null;
        }
        if (connection != null) {
            try {
                connection.close().await().atMost(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf(e, "closing the connection of relay %s", config.name());
            }
            connection = null;
        }
    }

    private String lockName() {
        return "vpnplane.outbox-relay/" + config.name();
    }

    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.get(DB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("relay database call failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("relay database call timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("relay interrupted", e);
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(DB_TIMEOUT);
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            if (running) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
