package io.vpnplane.eventsourcing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerConfig;


/**
 * Settings of an {@link IdempotentConsumer}.
 *
 * @param name               the consumer's name: its Kafka consumer group and its key in {@code es_processed_event}
 * @param topics             the topics it subscribes to
 * @param consumerProperties kafka-clients consumer settings; {@link #of} sets the required ones
 * @param pollTimeout        longest wait in one {@code poll}
 * @param retryBackoff       pause before retrying an event whose handler failed
 */
public record IdempotentConsumerConfig(String name, List<String> topics, Map<String, Object> consumerProperties, Duration pollTimeout,
                             Duration retryBackoff) {

    public IdempotentConsumerConfig {
        Objects.requireNonNull(name, "name");
        topics = List.copyOf(topics);
        consumerProperties = Map.copyOf(consumerProperties);
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
    }

    /** Group id = {@code name}, manual offset commits, start from the earliest offset when the group is new. */
    public static IdempotentConsumerConfig of(String name, String bootstrapServers, String... topics) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, name);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new IdempotentConsumerConfig(name, List.of(topics), props, Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    /** These settings with one consumer property added or replaced. */
    public IdempotentConsumerConfig withConsumerProperty(String key, Object value) {
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.put(key, value);
        return new IdempotentConsumerConfig(name, topics, props, pollTimeout, retryBackoff);
    }

    public IdempotentConsumerConfig withRetryBackoff(Duration retryBackoff) {
        return new IdempotentConsumerConfig(name, topics, consumerProperties, pollTimeout, retryBackoff);
    }
}
