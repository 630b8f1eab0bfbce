package io.vpnplane.eventsourcing.bench;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.eventsourcing.EventStore;
import io.vpnplane.eventsourcing.EventStoreSchema;
import io.vpnplane.eventsourcing.ExpectedVersion;
import io.vpnplane.eventsourcing.OutboxRelay;
import io.vpnplane.eventsourcing.RelayConfig;
import io.vpnplane.eventsourcing.StreamId;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventTopic;
import io.vpnplane.events.EventType;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.testkit.KafkaBroker;
import io.vpnplane.testkit.PostgresDatabase;

/**
 * Outbox relay benchmark (not a test): real PostgreSQL, real Kafka, one JVM.
 *
 * <ol>
 * <li><b>Drain</b>: {@code backlog} events are committed first, then the relay starts; events/s until the consumer has
 * seen them all is the relay's capacity.</li>
 * <li><b>Sustained</b>: {@code writers} threads append at {@code rate} events/s in total ({@code perTx} events per
 * transaction) for {@code seconds}; the publish lag of each event is the time from its transaction's commit (as seen by
 * the writer) to its arrival at a Kafka consumer. Prints achieved rates and lag percentiles.</li>
 * </ol>
 * Settings are system properties: {@code rate, seconds, warmup, writers, perTx, backlog, batchSize, lingerMs, idlePollMs}.
 */
public final class RelayThroughputBenchmark {

    @EventTopic(Topics.PLATFORM)
    sealed interface BenchEvent permits Ticked {
    }

    /** A payload of realistic size (~250 bytes of JSON). */
    @EventType(value = "io.vpnplane.bench.ticked", version = 1)
    record Ticked(String tunnelId, String gatewayId, long sequence, String state, String detail) implements BenchEvent {
    }

    private static final String DETAIL = "ike-sa established; esp-sa spi=0xc0ffee01 in/out; dpd ok; bgp established, 12 prefixes";

    private final int rate = Integer.getInteger("rate", 10_000);
    private final int seconds = Integer.getInteger("seconds", 30);
    private final int warmup = Integer.getInteger("warmup", 10);
    private final int writers = Integer.getInteger("writers", 8);
    private final int perTx = Integer.getInteger("perTx", 10);
    private final int backlog = Integer.getInteger("backlog", 200_000);
    private final int batchSize = Integer.getInteger("batchSize", 1000);
    private final int lingerMs = Integer.getInteger("lingerMs", 1);
    private final int idlePollMs = Integer.getInteger("idlePollMs", 5);
    private final String compression = System.getProperty("compression", "lz4");

    private record Seen(long nanos, boolean commit) {
    }

    private final Map<UUID, Seen> firstSeen = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicBoolean consuming = new AtomicBoolean(true);
    private long[] lags = new long[1 << 20];
    private int lagCount;
    /** Per measured event: nanos at commit (writer), relay send, broker ack, consumer arrival; 0 = not yet. */
    private final Map<UUID, long[]> stages = new ConcurrentHashMap<>();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private static final int COMMIT = 0, SEND = 1, ACK = 2, ARRIVE = 3;

    public static void main(String[] args) throws Exception {
        new RelayThroughputBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String topic = kafka.createUniqueTopic("bench-relay", 6);
        PostgresDatabase database = PostgresDatabase.fresh("bench_relay");
        Vertx vertx = Vertx.vertx();
        PgConnectOptions options = PgConnectOptions.fromUri(database.reactiveUrl()).setUser(database.user()).setPassword(database.password())
                .setPipeliningLimit(256);
        Pool pool = Pool.pool(vertx, options, new PoolOptions().setMaxSize(writers + 2));
        EventStoreSchema.migrate(pool).await().indefinitely();
        EventStore store = new EventStore(EventTypes.of(BenchEvent.class), URI.create("/vpnplane/bench"), (s, t) -> topic, Clock.systemUTC());
        RelayConfig config = RelayConfig.of("bench", kafka.bootstrapServers()).withBatchSize(batchSize)
                .withIdlePoll(Duration.ofMillis(idlePollMs)).withProducerProperty("linger.ms", lingerMs).withProducerProperty("compression.type", compression);
        System.out.printf("settings: rate=%d/s seconds=%d warmup=%d writers=%d perTx=%d backlog=%d batchSize=%d linger.ms=%d idlePollMs=%d compression=%s cores=%d%n",
                rate, seconds, warmup, writers, perTx, backlog, batchSize, lingerMs, idlePollMs, compression, Runtime.getRuntime().availableProcessors());

        Thread consumer = Thread.ofPlatform().name("bench-consumer").start(() -> consume(kafka.bootstrapServers(), topic));

        // Phase 1: drain a committed backlog.
        long filled = fill(pool, store, backlog);
        long drainStart = System.nanoTime();
        OutboxRelay relay = OutboxRelay.start(config, OutboxRelay.dedicatedConnections(vertx, options), this::stampingProducer);
        awaitReceived(filled, Duration.ofMinutes(5));
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        System.out.printf("drain: %d events in %.2f s = %.0f events/s%n", filled, drainSeconds, filled / drainSeconds);

        // Unmeasured sustained load first: a freshly started broker and the JIT need it (the first runs on a new broker
        // had a p99 five to ten times that of the next ones).
        long warmed = sustain(pool, store, warmup, 2_000_000, false);
        awaitReceived(filled + warmed, Duration.ofMinutes(2));
        System.out.printf("warm-up: %d events in %d s%n", warmed, warmup);

        // Phase 2: sustained load, lag per event.
        synchronized (this) {
            lagCount = 0;
        }
        long before = received.get();
        measuring.set(true);
        long appended = sustain(pool, store, seconds, 1_000_000, true);
        awaitReceived(before + appended, Duration.ofMinutes(2));
        measuring.set(false);
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(lags, lagCount);
        }
        Arrays.sort(sorted);
        System.out.printf("sustained: appended %d events in %d s = %.0f events/s; relay published %d (duplicates %d)%n",
                appended, seconds, appended / (double) seconds, relay.published() - filled - warmed, received.get() - before - appended);
        System.out.printf("publish lag (commit -> consumer) ms: p50=%.1f p95=%.1f p99=%.1f max=%.1f (n=%d)%n",
                pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, sorted.length);
        printStage("commit -> relay send (visibility + poll + fetch)", COMMIT, SEND);
        printStage("relay send -> broker ack (linger + acks=all)", SEND, ACK);
        printStage("broker ack -> consumer arrival (consumer fetch)", ACK, ARRIVE);

        relay.close();
        consuming.set(false);
        consumer.join();
        pool.close().await().indefinitely();
        vertx.close().await().indefinitely();
        database.drop();
    }

    /** Where the lag goes: percentiles of one stage over the events whose four timestamps were all taken. */
    private void printStage(String name, int from, int to) {
        long[] d = stages.values().stream().filter(t -> t[COMMIT] != 0 && t[SEND] != 0 && t[ACK] != 0 && t[ARRIVE] != 0)
                .mapToLong(t -> Math.max(0, t[to] - t[from])).sorted().toArray();
        System.out.printf("  stage %-50s ms: p50=%.1f p95=%.1f p99=%.1f max=%.1f (n=%d)%n", name,
                pct(d, 0.50), pct(d, 0.95), pct(d, 0.99), d.length == 0 ? 0 : d[d.length - 1] / 1e6, d.length);
    }

    private void stamp(UUID id, int stage, long nanos) {
        if (measuring.get()) {
            stages.computeIfAbsent(id, k -> new long[4])[stage] = nanos;
        }
    }

    /** The relay's producer with a send and an ack timestamp per event, to split the lag into stages. */
    private Producer<String, byte[]> stampingProducer(Map<String, Object> properties) {
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public java.util.concurrent.Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                UUID id = UUID.fromString(new String(record.headers().lastHeader(CloudEventHeaders.ID).value()));
                stamp(id, SEND, System.nanoTime());
                return super.send(record, (metadata, e) -> {
                    stamp(id, ACK, System.nanoTime());
                    callback.onCompletion(metadata, e);
                });
            }
        };
    }

    private long fill(Pool pool, EventStore store, int count) throws Exception {
        AtomicLong written = new AtomicLong();
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(exec.submit(() -> {
                    long seq = 0;
                    while (written.addAndGet(perTx) <= count) {
                        appendOne(pool, store, writer, seq++, false);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        return (long) (count / perTx) * perTx;
    }

    private long sustain(Pool pool, EventStore store, int forSeconds, long firstSeq, boolean measure) throws Exception {
        AtomicLong appended = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(forSeconds).toNanos();
        double txPerSecondPerWriter = rate / (double) perTx / writers;
        long intervalNanos = (long) (1e9 / txPerSecondPerWriter);
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(exec.submit(() -> {
                    long next = System.nanoTime();
                    long seq = firstSeq;
                    while (next < end) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(Duration.ofNanos(wait));
                        }
                        appendOne(pool, store, writer, seq++, measure);
                        appended.addAndGet(perTx);
                        next += intervalNanos;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        return appended.get();
    }

    private void appendOne(Pool pool, EventStore store, int writer, long seq, boolean measure) {
        StreamId stream = new StreamId("tunnel", "tun-" + writer + "-" + seq);
        List<Ticked> events = new ArrayList<>(perTx);
        for (int i = 0; i < perTx; i++) {
            events.add(new Ticked(stream.id(), "gw-" + writer, i, "UP", DETAIL));
        }
        var result = pool.withTransaction(tx -> store.append(tx, stream, ExpectedVersion.noStream(), events, EventContext.of("acc-bench", "bench")))
                .await().indefinitely();
        if (measure) {
            long now = System.nanoTime();
            result.events().forEach(e -> {
                stamp(e.eventId(), COMMIT, now);
                meet(e.eventId(), now, true);
            });
        }
    }

    private void consume(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (consuming.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    Header id = r.headers().lastHeader(CloudEventHeaders.ID);
                    UUID eventId = UUID.fromString(new String(id.value()));
                    if (measuring.get()) {
                        stamp(eventId, ARRIVE, now);
                        meet(eventId, now, false);
                    }
                    received.incrementAndGet();
                }
            }
        }
    }

    /**
     * Pairs an event's commit time (writer) with its arrival (consumer), whichever comes first: the consumer can see
     * an event before the writer thread got to note its commit, and those fast events must count too.
     */
    private void meet(UUID id, long nanos, boolean isCommit) {
        Seen[] other = {null};
        firstSeen.compute(id, (k, seen) -> {
            if (seen == null) {
                return new Seen(nanos, isCommit);
            }
            other[0] = seen;
            return null;
        });
        if (other[0] != null) {
            long commit = isCommit ? nanos : other[0].nanos();
            long arrival = isCommit ? other[0].nanos() : nanos;
            record(Math.max(0, arrival - commit));
        }
    }

    private synchronized void record(long lagNanos) {
        if (lagCount == lags.length) {
            lags = Arrays.copyOf(lags, lags.length * 2);
        }
        lags[lagCount++] = lagNanos;
    }

    private void awaitReceived(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("consumer saw " + received.get() + " of " + count + " events within " + timeout);
            }
            Thread.sleep(5);
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
