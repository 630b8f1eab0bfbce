package io.vpnplane.eventsourcing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.ProducerConfig;

import io.vpnplane.events.EventCatalog;
import io.vpnplane.events.EventTypeInfo;

/**
 * Settings of one service's {@link OutboxRelay}.
 *
 * @param name               the relay's name (normally the service name): keys its advisory lock and its checkpoint row
 * @param producerProperties kafka-clients producer settings; {@link #of} sets the required ones
 * @param batchSize          events read, sent and checkpointed per round
 * @param idlePoll           pause after a round that found nothing to publish (bounds the publish lag when idle)
 * @param standbyPoll        how often a standby instance tries to take the lock
 * @param retryBackoff       pause after a failure (database or Kafka) before reconnecting and resuming from the checkpoint
 * @param tombstoneTypes     {@code ce_type}s published as Kafka tombstones (null value); {@link #of}: the contract's
 *                           {@link io.vpnplane.events.Tombstone} events
 */
public record RelayConfig(String name, Map<String, Object> producerProperties, int batchSize, Duration idlePoll,
                          Duration standbyPoll, Duration retryBackoff, Set<String> tombstoneTypes) {

    public RelayConfig {
        Objects.requireNonNull(name, "name");
        producerProperties = Map.copyOf(producerProperties);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        Objects.requireNonNull(idlePoll, "idlePoll");
        Objects.requireNonNull(standbyPoll, "standbyPoll");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        tombstoneTypes = Set.copyOf(tombstoneTypes);
    }

    /**
     * The defaults: idempotent producer with {@code acks=all} (no loss, no reordering on retry), small linger to
     * batch bursts without adding visible lag, 1000 events per round, 5 ms idle poll, 1 s standby poll, 1 s backoff.
     */
    public static RelayConfig of(String name, String bootstrapServers) {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + name);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producer.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        Set<String> tombstones = EventCatalog.all().all().stream().filter(EventTypeInfo::tombstone).map(EventTypeInfo::ceType)
                .collect(Collectors.toUnmodifiableSet());
        return new RelayConfig(name, producer, 1000, Duration.ofMillis(5), Duration.ofSeconds(1), Duration.ofSeconds(1), tombstones);
    }

    public RelayConfig withBatchSize(int batchSize) {
        return new RelayConfig(name, producerProperties, batchSize, idlePoll, standbyPoll, retryBackoff, tombstoneTypes);
    }

    public RelayConfig withIdlePoll(Duration idlePoll) {
        return new RelayConfig(name, producerProperties, batchSize, idlePoll, standbyPoll, retryBackoff, tombstoneTypes);
    }

    public RelayConfig withStandbyPoll(Duration standbyPoll) {
        return new RelayConfig(name, producerProperties, batchSize, idlePoll, standbyPoll, retryBackoff, tombstoneTypes);
    }

    public RelayConfig withRetryBackoff(Duration retryBackoff) {
        return new RelayConfig(name, producerProperties, batchSize, idlePoll, standbyPoll, retryBackoff, tombstoneTypes);
    }

    public RelayConfig withTombstoneTypes(Set<String> tombstoneTypes) {
        return new RelayConfig(name, producerProperties, batchSize, idlePoll, standbyPoll, retryBackoff, tombstoneTypes);
    }

    /** These settings with one producer property added or replaced. */
    public RelayConfig withProducerProperty(String key, Object value) {
        Map<String, Object> producer = new HashMap<>(producerProperties);
        producer.put(key, value);
        return new RelayConfig(name, producer, batchSize, idlePoll, standbyPoll, retryBackoff, tombstoneTypes);
    }
}
