package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.transport.EspPacketSink;
import io.vpnplane.agent.standalone.StandaloneConfig;
import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventCatalog;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.agentconfig.AgentConfigEvent;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.events.agentstatus.TunnelConfigApplied;
import io.vpnplane.events.agentstatus.TunnelTornDown;
import io.vpnplane.testkit.Eventually;
import io.vpnplane.testkit.KafkaBroker;

/**
 * The managed agent end to end on the real broker and real UDP: a desired configuration sealed to the agent's key on
 * {@code vpn.agent-config} brings the tunnel up against a peer IKE daemon and {@code config-applied} appears on
 * {@code vpn.agent-status}; the tombstone deletes it at the peer and {@code tunnel-torn-down} appears (issue #6).
 */
class ManagedAgentKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    @Test
    void desiredConfigOnKafkaBringsTheTunnelUpAndItsTombstoneTakesItDown() throws Exception {
        KafkaBroker broker = KafkaBroker.shared().createContractTopics();
        String node = "gw-managed-" + UUID.randomUUID();
        String tunnel = "tun-managed-" + UUID.randomUUID();
        String psk = "managed-psk-" + UUID.randomUUID();
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(new java.util.logging.SimpleFormatter().format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(capture);
        EngineSettings engine = EngineSettings.defaults().withPorts(freePort(), freePort());
        ManagedConfig config = new ManagedConfig(node, "zone-a", broker.bootstrapServers(), List.of("127.0.0.1"), 10, stateDir,
                Duration.ofSeconds(2));
        try (IkeDaemon peer = IkeDaemon.start(List.of(peerTunnel(psk)), engine, ChildSaListener.NONE, EspPacketSink.DISCARD);
             ManagedAgent agent = ManagedAgent.start(config, engine, "0.1.0", Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            publish(producer, desired(tunnel, node, TestSealing.seal(agent.publicKey(), tunnel, psk)));

            Eventually.await(WAIT, () -> !peer.childSas("peer-t").isEmpty());
            Eventually.await(WAIT, () -> observations(broker, tunnel).contains(new TunnelConfigApplied(tunnel, node, 1, null)));

            RecordHeaders headers = new RecordHeaders();
            headers.add(CloudEventHeaders.TYPE, "io.vpnplane.agent-config.tunnel-withdrawn.v1".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(Topics.AGENT_CONFIG, null, tunnel, null, headers)).get();

            Eventually.await(WAIT, () -> peer.childSas("peer-t").isEmpty());
            Eventually.await(WAIT, () -> observations(broker, tunnel).contains(new TunnelTornDown(tunnel, node, null)));
            assertThat(agent.daemon().status(tunnel)).isEmpty();
        } finally {
            java.util.logging.Logger.getLogger("").removeHandler(capture);
        }
        // the PSK travels sealed only: not on any topic the agent reads or writes, not in what it logged
        for (String topic : List.of(Topics.AGENT_CONFIG, Topics.AGENT_STATUS, Topics.AGENT_HEARTBEATS)) {
            assertThat(rawRecords(broker, topic)).as(topic).noneMatch(text -> text.contains(psk)).isNotEmpty();
        }
        assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(psk));
    }

    private static List<String> rawRecords(KafkaBroker broker, String topic) {
        List<String> texts = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    StringBuilder text = new StringBuilder(r.value() == null ? "" : new String(r.value(), StandardCharsets.ISO_8859_1));
                    r.headers().forEach(h -> text.append(' ').append(new String(h.value(), StandardCharsets.ISO_8859_1)));
                    texts.add(text.toString());
                });
            }
        }
        return texts;
    }

    private static TunnelConfigDesired desired(String tunnel, String node, io.vpnplane.events.agentconfig.SealedSecret psk) {
        return new TunnelConfigDesired(tunnel, "conn-1", "acc-1", 1, node, "zone-a", "127.0.0.1", "127.0.0.2", "start",
                new TunnelConfigDesired.Ike("ikev2", "main", "aes", "sha1", "group2", 28800, "127.0.0.1", "127.0.0.2"),
                new TunnelConfigDesired.Ipsec("aes", "sha1", "group2", 3600), new TunnelConfigDesired.Dpd(true, "restart", 10, 30), true,
                new TunnelConfigDesired.TrafficSelectors(List.of("0.0.0.0/0"), List.of("0.0.0.0/0")), Optional.empty(),
                new TunnelConfigDesired.HealthCheck(false, Optional.empty(), Optional.empty(), 10, 3, false), psk);
    }

    private static io.vpnplane.agent.ike.TunnelConfig peerTunnel(String psk) throws Exception {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putArray("tunnels").addObject().put("id", "peer-t").put("localAddress", "127.0.0.2").put("remoteAddress", "127.0.0.1")
                .put("psk", psk).put("initiatorMode", "response-only");
        return StandaloneConfig.parse(root).tunnels().getFirst();
    }

    private static void publish(KafkaProducer<String, byte[]> producer, TunnelConfigDesired config) throws Exception {
        EventTypes types = EventTypes.of(AgentConfigEvent.class);
        CloudEvent event = new CloudEvent(UUID.randomUUID(), URI.create("/vpnplane/tunnel-service"), types.describe(config).ceType(),
                config.tunnelId(), Instant.now(), Optional.of(config.accountId()), "corr", Optional.empty(), Optional.empty(),
                types.encode(config));
        producer.send(new ProducerRecord<>(Topics.AGENT_CONFIG, null, config.tunnelId(), event.data(),
                CloudEventHeaders.toKafka(event))).get();
    }

    /** This tunnel's observations with observedAt blanked, so they compare by content. */
    private static List<Record> observations(KafkaBroker broker, String tunnel) {
        List<Record> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENT_STATUS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (tunnel.equals(r.key())) {
                        Record event = EventCatalog.all().decode(CloudEventHeaders.fromKafka(r.headers(), r.value())).orElseThrow();
                        found.add(switch (event) {
                            case TunnelConfigApplied a -> new TunnelConfigApplied(a.tunnelId(), a.nodeId(), a.configVersion(), null);
                            case TunnelTornDown t -> new TunnelTornDown(t.tunnelId(), t.nodeId(), null);
                            default -> event;
                        });
                    }
                });
            }
        }
        return found;
    }

    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            return socket.getLocalPort();
        }
    }
}
