package io.vpnplane.eventsourcing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.smallrye.mutiny.Uni;
import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventTypes;

/**
 * A Kafka consumer loop whose side effects happen exactly once in the database even though Kafka delivers at least
 * once: for each record, ONE transaction inserts {@code (name, ce_id)} into {@code es_processed_event} and runs the
 * handler; a record whose row already exists is a redelivery and is skipped. Offsets are committed to Kafka only after
 * the transactions of the records before them committed, so a crash re-delivers, never loses.
 *
 * <p>Plain kafka-clients on a dedicated thread, not SmallRye {@code @Incoming}: the offset commit is explicit and comes
 * after the database commit, and no Vert.x duplicated context or Hibernate Reactive session is involved.
 *
 * <p>Records of types the registry does not know (another service's events on a shared topic, or a newer version) and
 * records that are not valid CloudEvents are skipped and their offsets committed. A failing handler rolls its
 * transaction back and the record is retried after {@code retryBackoff}, keeping partition order.
 */
public final class IdempotentConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(60);
    private static final String MARK_PROCESSED_SQL =
            "INSERT INTO es_processed_event (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

    private final Pool pool;
    private final IdempotentConsumerConfig config;
    private final EventTypes types;
    private final EventHandler handler;
    private final Consumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean running = true;

    private IdempotentConsumer(Pool pool, IdempotentConsumerConfig config, EventTypes types, EventHandler handler) {
        this.pool = pool;
        this.config = config;
        this.types = types;
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(config.consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name("idempotent-consumer-" + config.name()).daemon().unstarted(this::run);
    }

    /** Subscribes and starts consuming on a thread of its own. The database must hold the kernel schema ({@link EventStoreSchema}). */
    public static IdempotentConsumer start(Pool pool, IdempotentConsumerConfig config, EventTypes types, EventHandler handler) {
        IdempotentConsumer c = new IdempotentConsumer(Objects.requireNonNull(pool), Objects.requireNonNull(config),
                Objects.requireNonNull(types), Objects.requireNonNull(handler));
        c.thread.start();
        return c;
    }

    /** Events whose handler ran and committed. */
    public long handled() {
        return handled.get();
    }

    /** Redelivered events recognised by their processed row and ignored. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Records skipped as unknown types or malformed envelopes. */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            consumer.subscribe(config.topics());
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(config.pollTimeout());
                if (!records.isEmpty()) {
                    processBatch(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.errorf(e, "consumer %s woken up unexpectedly", config.name());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "consumer %s stopped", config.name());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void processBatch(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            for (ConsumerRecord<String, byte[]> record : list) {
                if (!running) {
                    commitAndRewind(records, done);
                    return;
                }
                try {
                    process(record);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "consumer %s: handler failed on %s-%d@%d; retrying in %s", config.name(), record.topic(),
                            record.partition(), record.offset(), config.retryBackoff());
                    commitAndRewind(records, done);
                    pause(config.retryBackoff());
                    return;
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (!done.isEmpty()) {
            consumer.commitSync(done);
        }
    }

    /** Commits what was processed and seeks every partition of the batch back to its first unprocessed record. */
    private void commitAndRewind(ConsumerRecords<String, byte[]> records, Map<TopicPartition, OffsetAndMetadata> done) {
        if (!done.isEmpty()) {
            consumer.commitSync(done);
        }
        for (TopicPartition partition : records.partitions()) {
            OffsetAndMetadata next = done.get(partition);
            consumer.seek(partition, next != null ? next.offset() : records.records(partition).getFirst().offset());
        }
    }

    private void process(ConsumerRecord<String, byte[]> record) {
        CloudEvent envelope;
        try {
            envelope = CloudEventHeaders.fromKafka(record.headers(), record.value());
        } catch (CloudEventHeaders.MalformedCloudEvent e) {
            LOG.errorf("consumer %s: skipping %s-%d@%d, not a CloudEvent: %s", config.name(), record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            skipped.incrementAndGet();
            return;
        }
        Optional<Record> data = types.decode(envelope);
        if (data.isEmpty()) {
            LOG.debugf("consumer %s: skipping unknown type %s", config.name(), envelope.type());
            skipped.incrementAndGet();
            return;
        }
        ReceivedEvent event = new ReceivedEvent(envelope, data.get(), record.topic(), record.partition(), record.offset());
        boolean fresh = pool.withTransaction(tx -> markProcessed(tx, envelope)
                        .call(first -> first ? handler.handle(event, tx) : Uni.createFrom().voidItem()))
                .await().atMost(DB_TIMEOUT);
        (fresh ? handled : duplicates).incrementAndGet();
    }

    private Uni<Boolean> markProcessed(SqlConnection tx, CloudEvent envelope) {
        return tx.preparedQuery(MARK_PROCESSED_SQL).execute(Tuple.of(config.name(), envelope.id()))
                .map(rows -> rows.rowCount() == 1);
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
