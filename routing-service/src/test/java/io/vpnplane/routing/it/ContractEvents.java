package io.vpnplane.routing.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.connection.VpnGatewayEvent;
import io.vpnplane.events.connection.VpnGatewayState;
import io.vpnplane.testkit.ContractEventProducer;
import io.vpnplane.testkit.KafkaBroker;

/**
 * Plays the other services in integration tests: produces their contract events to the real broker exactly as
 * their outbox relays would (CloudEvents binary mode), and reads routing-service's events back.
 */
public final class ContractEvents implements AutoCloseable {

    private final ContractEventProducer producer = new ContractEventProducer();

    /** A fresh envelope for {@code data}, as the producing service would write it. */
    public static CloudEvent envelope(String account, String subject, Record data) {
        return ContractEventProducer.envelope(account, subject, data);
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public CloudEvent publish(CloudEvent event) {
        return producer.publish(event);
    }

    /** Publishes, waits for the acknowledgement and answers the record's timestamp (its send time, ms resolution). */
    public Instant publishedAt(CloudEvent event) {
        return producer.publishedAt(event);
    }

    public CloudEvent publish(String account, String subject, Record data) {
        return producer.publish(account, subject, data);
    }

    public void gateway(String account, String gatewayId, String vpcId) {
        publish(account, gatewayId, new VpnGatewayEvent.Created(new VpnGatewayState(gatewayId, account, "gw", vpcId, "", Map.of())));
    }

    public void connection(String account, String connectionId, String gatewayId, String routingMode, List<String> remoteCidrs,
            boolean switchRoute, String... tunnelIds) {
        publish(account, connectionId, new IpsecConnectionEvent.Created(connectionState(account, connectionId, gatewayId, routingMode,
                remoteCidrs, switchRoute, tunnelIds)));
    }

    public static IpsecConnectionState connectionState(String account, String connectionId, String gatewayId, String routingMode,
            List<String> remoteCidrs, boolean switchRoute, String... tunnelIds) {
        List<IpsecConnectionState.Tunnel> tunnels = new ArrayList<>();
        for (String tunnelId : tunnelIds) {
            tunnels.add(new IpsecConnectionState.Tunnel(tunnelId, "cgw-1", "203.0.113.10", Optional.empty(), 1,
                    new IpsecConnectionState.Ike("ikev2", "main", "aes", "sha1", "group2", 86400, Optional.empty(), Optional.empty()),
                    new IpsecConnectionState.Ipsec("aes", "sha1", "group2", 86400),
                    new IpsecConnectionState.Dpd(true, "restart", 10, 130), true, Optional.empty(),
                    new IpsecConnectionState.HealthCheck(true, Optional.of("192.168.0.1"), Optional.of("10.0.0.1"), 3, 3, switchRoute),
                    Optional.empty()));
        }
        return new IpsecConnectionState(connectionId, account, connectionId, Optional.empty(), Map.of(),
                new IpsecConnectionState.Attachment("vpn-gateway", Optional.of(gatewayId), Optional.empty(), Optional.empty(), Optional.empty()),
                "public", tunnelIds.length > 1 ? "dual" : "single", routingMode,
                "policy".equals(routingMode) ? List.of("10.0.0.0/16") : List.of(), remoteCidrs, true,
                new IpsecConnectionState.Bgp(false, 45104), new IpsecConnectionState.Advanced(true, true, true), tunnels, List.of());
    }

    @Override
    public void close() {
        producer.close();
    }

    /** Reads a topic from its current end: only what is published after {@link #open} is seen. */
    public static final class Tail implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<Received> seen = new ArrayList<>();

        /** {@code publishedAt} is the record's timestamp: when its producer (the outbox relay) sent it. */
        public record Received(CloudEvent envelope, Record data, Instant publishedAt, Instant receivedAt) {
        }

        private Tail(String topic) {
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

        public static Tail open(String topic) {
            return new Tail(topic);
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
}
