package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventCatalog;
import io.vpnplane.events.Topics;
import io.vpnplane.events.agentstatus.ChildSaFailed;
import io.vpnplane.events.agentstatus.DpdPeerDead;
import io.vpnplane.events.agentstatus.HealthCheckFailed;
import io.vpnplane.events.agentstatus.HealthCheckRecovered;
import io.vpnplane.events.agentstatus.IkeSaEstablished;
import io.vpnplane.events.agentstatus.TunnelConfigApplied;
import io.vpnplane.testkit.KafkaBroker;

/** Observations on the real broker, decoded with the catalog tunnel-service consumes them with (REQ-GW-002, #5). */
class ObservationPublisherKafkaTest {

    private static final Instant NOW = Instant.parse("2026-11-23T03:30:00Z");

    @Test
    void observationsReachVpnAgentStatusKeyedByTunnelWithTheAccount() {
        KafkaBroker broker = KafkaBroker.shared().createContractTopics();
        String tunnel = "tun-obs-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ObservationPublisher publisher = new ObservationPublisher("gw-a-1", producer, Clock.fixed(NOW, ZoneOffset.UTC));
            publisher.configApplied("acc-1", tunnel, 2);
            publisher.ikeSaEstablished("acc-1", tunnel);
            publisher.childSaFailed("acc-1", tunnel, "NO_PROPOSAL_CHOSEN");
            publisher.dpdPeerDead("acc-1", tunnel);
            publisher.healthCheckFailed("acc-1", tunnel, "192.168.0.1", true);
            publisher.healthCheckRecovered("acc-1", tunnel, "192.168.0.1", true);
        }

        List<ConsumerRecord<String, byte[]>> mine = read(broker, tunnel, 6);
        List<Record> decoded = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : mine) {
            CloudEvent event = CloudEventHeaders.fromKafka(record.headers(), record.value());
            assertThat(event.subject()).isEqualTo(tunnel);
            assertThat(event.account()).contains("acc-1");
            assertThat(event.source()).hasToString("/vpnplane/gateway-agent");
            decoded.add(EventCatalog.all().decode(event).orElseThrow());
        }
        assertThat(decoded).containsExactly(
                new TunnelConfigApplied(tunnel, "gw-a-1", 2, NOW),
                new IkeSaEstablished(tunnel, "gw-a-1", NOW),
                new ChildSaFailed(tunnel, "gw-a-1", "NO_PROPOSAL_CHOSEN", NOW),
                new DpdPeerDead(tunnel, "gw-a-1", NOW),
                new HealthCheckFailed(tunnel, "gw-a-1", "192.168.0.1", true, NOW),
                new HealthCheckRecovered(tunnel, "gw-a-1", "192.168.0.1", true, NOW));
    }

    private static List<ConsumerRecord<String, byte[]>> read(KafkaBroker broker, String key, int count) {
        List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENT_STATUS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (mine.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        mine.add(r);
                    }
                });
            }
        }
        assertThat(mine).hasSize(count);
        return mine;
    }
}
