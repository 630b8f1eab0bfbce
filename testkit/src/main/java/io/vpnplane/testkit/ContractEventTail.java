package io.vpnplane.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventCatalog;

/** Reads a topic from its current end: only what is published after {@link #open} is seen. */
public final class ContractEventTail implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Received> seen = new ArrayList<>();
    private final List<Tombstone> tombstones = new ArrayList<>();

    /** {@code publishedAt} is the record's timestamp: when its producer (the outbox relay) sent it. */
    public record Received(CloudEvent envelope, Record data, Instant publishedAt, Instant receivedAt) {
    }

    /** A record with a null value: it deletes {@code key} from a compacted topic; {@code type} is its {@code ce_type}. */
    public record Tombstone(String key, String type) {
    }

    private ContractEventTail(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    public static ContractEventTail open(String topic) {
        return new ContractEventTail(topic);
    }

    /** Polls until {@code count} events matching {@code filter} arrived (all matches so far are returned). */
    public List<Received> await(Predicate<Received> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Received> matching = seen.stream().filter(filter).toList();
            if (matching.size() >= count || System.nanoTime() > deadline) {
                return matching;
            }
            poll(Duration.ofMillis(20));
        }
    }

    /** Polls until a tombstone for {@code key} arrived; empty if none did within {@code timeout}. */
    public Optional<Tombstone> awaitTombstone(String key, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Tombstone> found = tombstones.stream().filter(t -> t.key().equals(key)).findFirst();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            poll(Duration.ofMillis(20));
        }
    }

    /** Everything matching that arrives within {@code quiet}; for "nothing more happened" assertions. */
    public List<Received> settle(Predicate<Received> filter, Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(50));
        }
        return seen.stream().filter(filter).toList();
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (record.value() == null) {
                var type = record.headers().lastHeader(CloudEventHeaders.TYPE);
                tombstones.add(new Tombstone(record.key(), type == null ? "" : new String(type.value(), StandardCharsets.UTF_8)));
                continue;
            }
            CloudEvent envelope = CloudEventHeaders.fromKafka(record.headers(), record.value());
            EventCatalog.all().decode(envelope).ifPresent(data -> seen.add(new Received(envelope, data,
                    Instant.ofEpochMilli(record.timestamp()), Instant.now())));
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
