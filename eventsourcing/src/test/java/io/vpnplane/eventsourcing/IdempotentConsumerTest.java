package io.vpnplane.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.testkit.Eventually;
import io.vpnplane.testkit.KafkaBroker;

class IdempotentConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KernelDatabase db;
    private static KafkaBroker kafka;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void setUp() {
        kafka = KafkaBroker.shared();
        db = KernelDatabase.migrated("es_consumer");
        db.pool.query("CREATE TABLE side_effect (event_id uuid NOT NULL, subject text NOT NULL, by bigint NOT NULL)").execute().await().atMost(WAIT);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void tearDown() {
        producer.close();
        db.close();
    }

    private static final EventHandler RECORD_SIDE_EFFECT = (event, tx) -> tx.preparedQuery(
                    "INSERT INTO side_effect (event_id, subject, by) VALUES ($1, $2, $3)")
            .execute(Tuple.of(event.envelope().id(), event.envelope().subject(), ((CounterEvent.Incremented) event.data()).by()))
            .replaceWithVoid();

    @Test
    void aRedeliveredEventIsIgnoredAndItsSideEffectHappensOnce() {
        String topic = kafka.createUniqueTopic("consumer-test", 1);
        CloudEvent event = incremented("ctr-1", 7);
        send(topic, event);
        send(topic, event);
        send(topic, incremented("ctr-1", 1));

        try (IdempotentConsumer consumer = IdempotentConsumer.start(db.pool, config(topic), CounterEvent.TYPES, RECORD_SIDE_EFFECT)) {
            Eventually.await(WAIT, () -> consumer.handled() + consumer.duplicates() == 3);
            assertThat(consumer.handled()).isEqualTo(2);
            assertThat(consumer.duplicates()).isEqualTo(1);
        }
        assertThat(sideEffects(event.id())).isEqualTo(1);
    }

    @Test
    void offsetsAreCommittedAfterTheDatabaseSoARestartDoesNotReprocess() throws InterruptedException {
        String topic = kafka.createUniqueTopic("consumer-test", 1);
        IdempotentConsumerConfig config = config(topic);
        CloudEvent first = incremented("ctr-2", 1);
        send(topic, first);
        try (IdempotentConsumer consumer = IdempotentConsumer.start(db.pool, config, CounterEvent.TYPES, RECORD_SIDE_EFFECT)) {
            Eventually.await(WAIT, () -> consumer.handled() == 1);
        }
        CloudEvent second = incremented("ctr-2", 2);
        send(topic, second);
        try (IdempotentConsumer restarted = IdempotentConsumer.start(db.pool, config, CounterEvent.TYPES, RECORD_SIDE_EFFECT)) {
            Eventually.await(WAIT, () -> restarted.handled() == 1);
            Thread.sleep(500);
            assertThat(restarted.duplicates()).as("the committed offset skips what was done before").isZero();
        }
        assertThat(sideEffects(first.id())).isEqualTo(1);
        assertThat(sideEffects(second.id())).isEqualTo(1);
    }

    @Test
    void aFailingHandlerRollsBackItsSideEffectsAndTheEventIsRetriedInOrder() {
        String topic = kafka.createUniqueTopic("consumer-test", 1);
        CloudEvent failsOnce = incremented("ctr-3", 3);
        CloudEvent after = incremented("ctr-3", 4);
        send(topic, failsOnce);
        send(topic, after);
        AtomicInteger attempts = new AtomicInteger();
        EventHandler flaky = (event, tx) -> RECORD_SIDE_EFFECT.handle(event, tx).chain(() ->
                event.envelope().id().equals(failsOnce.id()) && attempts.incrementAndGet() == 1
                        ? Uni.createFrom().failure(new IllegalStateException("downstream hiccup"))
                        : Uni.createFrom().voidItem());

        try (IdempotentConsumer consumer = IdempotentConsumer.start(db.pool, config(topic).withRetryBackoff(Duration.ofMillis(100)),
                CounterEvent.TYPES, flaky)) {
            Eventually.await(WAIT, () -> consumer.handled() == 2);
        }
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(sideEffects(failsOnce.id())).as("the failed attempt's insert was rolled back").isEqualTo(1);
        assertThat(sideEffects(after.id())).isEqualTo(1);
    }

    @Test
    void unknownTypesAndMalformedRecordsAreSkipped() {
        String topic = kafka.createUniqueTopic("consumer-test", 1);
        CloudEvent unknown = new CloudEvent(UUID.randomUUID(), URI.create("/vpnplane/other"), "io.vpnplane.other.thing.v1", "x",
                Instant.now(), Optional.empty(), "c", Optional.empty(), Optional.empty(), "{}".getBytes(StandardCharsets.UTF_8));
        send(topic, unknown);
        producer.send(new ProducerRecord<>(topic, "x", "not a cloud event".getBytes(StandardCharsets.UTF_8)));
        CloudEvent known = incremented("ctr-4", 1);
        send(topic, known);

        try (IdempotentConsumer consumer = IdempotentConsumer.start(db.pool, config(topic), CounterEvent.TYPES, RECORD_SIDE_EFFECT)) {
            Eventually.await(WAIT, () -> consumer.handled() == 1);
            assertThat(consumer.skipped()).isEqualTo(2);
        }
        assertThat(sideEffects(known.id())).isEqualTo(1);
    }

    private static IdempotentConsumerConfig config(String topic) {
        return IdempotentConsumerConfig.of("consumer-" + UUID.randomUUID(), kafka.bootstrapServers(), topic);
    }

    private static CloudEvent incremented(String subject, long by) {
        return new CloudEvent(UUID.randomUUID(), URI.create("/vpnplane/kernel-test"), "io.vpnplane.test.counter-incremented.v1", subject,
                Instant.now(), Optional.of("acc"), "corr", Optional.empty(), Optional.empty(),
                CounterEvent.TYPES.encode(new CounterEvent.Incremented(by)));
    }

    private static void send(String topic, CloudEvent event) {
        try {
            producer.send(new ProducerRecord<>(topic, null, event.subject(), event.data(), CloudEventHeaders.toKafka(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sideEffects(UUID eventId) {
        return db.pool.preparedQuery("SELECT count(*) AS n FROM side_effect WHERE event_id = $1").execute(Tuple.of(eventId))
                .await().atMost(WAIT).iterator().next().getLong("n");
    }
}
