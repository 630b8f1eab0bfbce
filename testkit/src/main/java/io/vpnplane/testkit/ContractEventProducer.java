package io.vpnplane.testkit;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventCatalog;
import io.vpnplane.events.EventTypeInfo;

/**
 * Publishes contract events on the shared test broker exactly as another service's outbox relay would (CloudEvents
 * headers, key = subject, the catalogue's topic), so a service under test consumes the real wire format.
 */
public final class ContractEventProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public ContractEventProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** A fresh envelope for {@code data}, as the producing service would write it. */
    public static CloudEvent envelope(String account, String subject, Record data) {
        EventTypeInfo info = EventCatalog.all().describe(data);
        return new CloudEvent(UUID.randomUUID(), URI.create("/vpnplane/test-producer"), info.ceType(), subject, Instant.now(),
                Optional.of(account), UUID.randomUUID().toString(), Optional.empty(), Optional.empty(), EventCatalog.all().encode(data));
    }

    /** Publishes, waits for the acknowledgement and answers the record's timestamp (its send time, ms resolution). */
    public Instant publishedAt(CloudEvent event) {
        String topic = EventCatalog.all().byCeType(event.type()).orElseThrow().topic();
        try {
            return Instant.ofEpochMilli(producer.send(new ProducerRecord<>(topic, null, event.subject(), event.data(),
                    CloudEventHeaders.toKafka(event))).get(30, TimeUnit.SECONDS).timestamp());
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + event, e);
        }
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public CloudEvent publish(CloudEvent event) {
        publishedAt(event);
        return event;
    }

    public CloudEvent publish(String account, String subject, Record data) {
        return publish(envelope(account, subject, data));
    }

    /** Publishes a tombstone (null value) for {@code key}, e.g. to withdraw a compacted agent configuration. */
    public void tombstone(String topic, String key) {
        try {
            producer.send(new ProducerRecord<>(topic, key, null)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish a tombstone for " + key + " on " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
