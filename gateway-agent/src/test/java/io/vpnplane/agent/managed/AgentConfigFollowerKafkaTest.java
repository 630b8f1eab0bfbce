package io.vpnplane.agent.managed;

import static io.vpnplane.agent.managed.DesiredConfigs.desired;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.agentconfig.AgentConfigEvent;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.testkit.Eventually;
import io.vpnplane.testkit.KafkaBroker;

/**
 * The control loop on the real broker: desired records and tombstones on the compacted {@code vpn.agent-config}, as
 * tunnel-service writes them, drive start / replace / stop of exactly the tunnels of this node (issue #6, REQ-MOD-003).
 * The runner records what it was asked to do; the IKE side has its own tests.
 */
class AgentConfigFollowerKafkaTest {

    private static final EventTypes TYPES = EventTypes.of(AgentConfigEvent.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    private KafkaBroker broker;
    private KafkaProducer<String, byte[]> producer;
    private NodeKeyPair nodeKey;
    private final String node = "gw-follow-" + UUID.randomUUID();
    private final String tunnelA = "tun-a-" + UUID.randomUUID();
    private final String tunnelB = "tun-b-" + UUID.randomUUID();

    @BeforeEach
    void setUp() throws IOException {
        broker = KafkaBroker.shared().createContractTopics();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        nodeKey = NodeKeyPair.loadOrCreate(stateDir);
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    @Test
    void desiredRecordsStartReplaceAndStopOnlyTheirOwnTunnelAndARestartRebuildsFromTheTopic() throws Exception {
        publish(sealed(tunnelA, node, 1));
        publish(sealed(tunnelB, node, 1));
        String elsewhere = "tun-c-" + UUID.randomUUID();
        publish(desired(elsewhere, "gw-other", 1));

        RecordingRunner runner = new RecordingRunner();
        try (var ignored = follow(runner)) {
            Eventually.await(WAIT, () -> runner.running.equals(Map.of(tunnelA, 1L, tunnelB, 1L)));
            assertThat(runner.psks).containsEntry(tunnelA, "psk-of-" + tunnelA);

            publish(sealed(tunnelB, node, 2));
            Eventually.await(WAIT, () -> runner.running.getOrDefault(tunnelB, 0L) == 2L);

            publishTombstone(tunnelA);
            Eventually.await(WAIT, () -> !runner.running.containsKey(tunnelA));

            // REQ-MOD-003: B's change replaced B only, A's removal stopped A only, the foreign tunnel was never touched
            assertThat(runner.calls).containsExactlyInAnyOrder("start " + tunnelA + " v1", "start " + tunnelB + " v1",
                    "replace " + tunnelB + " v2", "stop " + tunnelA);
            assertThat(runner.calls.indexOf("replace " + tunnelB + " v2")).isGreaterThan(runner.calls.indexOf("start " + tunnelB + " v1"));
        }

        RecordingRunner restarted = new RecordingRunner();
        try (var ignored = follow(restarted)) {
            Eventually.await(WAIT, () -> restarted.running.equals(Map.of(tunnelB, 2L)));
            assertThat(restarted.calls).containsExactly("start " + tunnelB + " v2");
        }
    }

    private TunnelConfigDesired sealed(String tunnelId, String nodeId, long version) {
        return desired(tunnelId, nodeId, version, TestSealing.seal(nodeKey.publicKeyBase64(), tunnelId, "psk-of-" + tunnelId));
    }

    private FollowerThread<AgentConfigFollower> follow(RecordingRunner runner) {
        return FollowerThread.start("follower-" + node, new AgentConfigFollower(node, FollowerThread.consumer(broker.bootstrapServers()),
                new DesiredTunnelTranslation(nodeKey), runner));
    }

    private void publish(TunnelConfigDesired config) throws Exception {
        CloudEvent event = new CloudEvent(UUID.randomUUID(), java.net.URI.create("/vpnplane/tunnel-service"),
                TYPES.describe(config).ceType(), config.tunnelId(), Instant.now(), Optional.of(config.accountId()), "corr",
                Optional.empty(), Optional.empty(), TYPES.encode(config));
        producer.send(new ProducerRecord<>(Topics.AGENT_CONFIG, null, config.tunnelId(), event.data(),
                CloudEventHeaders.toKafka(event))).get();
    }

    private void publishTombstone(String tunnelId) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, "io.vpnplane.agent-config.tunnel-withdrawn.v1".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.AGENT_CONFIG, null, tunnelId, null, headers)).get();
    }

    /** Runs nothing: remembers what it was asked, in order. */
    private static final class RecordingRunner implements TunnelRunner {
        final Map<String, Long> running = new ConcurrentHashMap<>();
        final Map<String, String> psks = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public Map<String, Long> runningVersions() {
            return Map.copyOf(running);
        }

        @Override
        public void start(ManagedTunnel tunnel) {
            calls.add("start " + tunnel.tunnel().id() + " v" + tunnel.configVersion());
            running.put(tunnel.tunnel().id(), tunnel.configVersion());
            psks.put(tunnel.tunnel().id(), tunnel.tunnel().psk().secret());
        }

        @Override
        public void replace(ManagedTunnel tunnel) {
            calls.add("replace " + tunnel.tunnel().id() + " v" + tunnel.configVersion());
            running.put(tunnel.tunnel().id(), tunnel.configVersion());
        }

        @Override
        public void stop(String tunnelId) {
            calls.add("stop " + tunnelId);
            running.remove(tunnelId);
        }
    }
}
