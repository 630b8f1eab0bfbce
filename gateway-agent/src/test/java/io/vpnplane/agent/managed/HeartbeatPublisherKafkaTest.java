package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventCatalog;
import io.vpnplane.events.Topics;
import io.vpnplane.events.node.GatewayNodeHeartbeat;
import io.vpnplane.testkit.KafkaBroker;

/** The heartbeat on the real broker, decoded with the catalog tunnel-service's consumer uses (issue #6, managed mode). */
class HeartbeatPublisherKafkaTest {

    private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void theNodeAnnouncesItselfWithItsPublicKeyRepeatedlyUnderItsNodeId() throws Exception {
        KafkaBroker broker = KafkaBroker.shared().createContractTopics();
        String nodeId = "gw-hb-" + UUID.randomUUID();
        ManagedConfig config = new ManagedConfig(nodeId, "zone-a", broker.bootstrapServers(), List.of("203.0.113.10", "203.0.113.11"),
                25, stateDir, Duration.ofMillis(200));
        NodeKeyPair key = NodeKeyPair.loadOrCreate(stateDir);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
             HeartbeatPublisher publisher = new HeartbeatPublisher(config, key.publicKeyBase64(), "0.1.0", producer,
                     Clock.fixed(NOW, ZoneOffset.UTC))) {
            publisher.start(scheduler);

            List<ConsumerRecord<String, byte[]>> mine = readUntil(broker, nodeId, 2);

            ConsumerRecord<String, byte[]> record = mine.getFirst();
            CloudEvent event = CloudEventHeaders.fromKafka(record.headers(), record.value());
            assertThat(event.type()).isEqualTo("io.vpnplane.gateway-node.heartbeat.v1");
            assertThat(event.subject()).isEqualTo(nodeId);
            assertThat(event.account()).isEmpty();
            assertThat(EventCatalog.all().decode(event)).contains(new GatewayNodeHeartbeat(nodeId, "zone-a",
                    List.of("203.0.113.10", "203.0.113.11"), 25, "0.1.0", key.publicKeyBase64(), NOW));
            assertThat(mine.get(1).headers().lastHeader(CloudEventHeaders.ID).value())
                    .isNotEqualTo(record.headers().lastHeader(CloudEventHeaders.ID).value());
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readUntil(KafkaBroker broker, String nodeId, int count) {
        List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENT_HEARTBEATS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (mine.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (nodeId.equals(r.key())) {
                        mine.add(r);
                    }
                });
            }
        }
        assertThat(mine).as("heartbeats of " + nodeId).hasSizeGreaterThanOrEqualTo(count);
        return mine;
    }
}
