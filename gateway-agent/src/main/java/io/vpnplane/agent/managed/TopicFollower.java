package io.vpnplane.agent.managed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;

/**
 * Reads a whole topic from the beginning on every start (no consumer group, no committed offsets: what the agent
 * runs is rebuilt from the topic after a restart) and keeps following it on the calling thread. Each record is handed
 * over decoded as a CloudEvent (empty for a tombstone); after every poll {@code afterPoll} runs. An unreadable record
 * is logged and skipped, never the end of the loop.
 */
final class TopicFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<String, byte[]> consumer;
    private final List<String> topics;
    private final BiConsumer<String, Optional<CloudEvent>> records;
    private final Runnable afterPoll;
    private volatile boolean closed;

    /** @param records key and event of each keyed record, in partition order */
    TopicFollower(Consumer<String, byte[]> consumer, String topic, BiConsumer<String, Optional<CloudEvent>> records,
                  Runnable afterPoll) {
        this(consumer, List.of(topic), records, afterPoll);
    }

    /** Several topics on one consumer and thread: {@code afterPoll} sees what every topic said so far. */
    TopicFollower(Consumer<String, byte[]> consumer, List<String> topics, BiConsumer<String, Optional<CloudEvent>> records,
                  Runnable afterPoll) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.records = records;
        this.afterPoll = afterPoll;
    }

    @Override
    public void run() {
        List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        try {
            while (!closed) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
                polled.forEach(this::hand);
                afterPoll.run();
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    void hand(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        try {
            records.accept(record.key(), record.value() == null
                    ? Optional.empty()
                    : Optional.of(CloudEventHeaders.fromKafka(record.headers(), record.value())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "skipping unreadable record at " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }
}
