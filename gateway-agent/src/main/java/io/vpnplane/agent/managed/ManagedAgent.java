package io.vpnplane.agent.managed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.PeerActivity;
import io.vpnplane.agent.ike.transport.EspPacketSink;

/**
 * A gateway agent in managed mode: node key, heartbeats, the IKE daemon bound to the node's gateway addresses, and
 * the control loop following {@code vpn.agent-config} on its own thread. Negotiation only for now (no data plane).
 */
public final class ManagedAgent implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService scheduler;
    private final HeartbeatPublisher heartbeats;
    private final IkeDaemon daemon;
    private final AgentConfigFollower follower;
    private final Thread followerThread;
    private final NodeKeyPair nodeKey;

    private ManagedAgent(KafkaProducer<String, byte[]> producer, ScheduledExecutorService scheduler, HeartbeatPublisher heartbeats,
                         IkeDaemon daemon, AgentConfigFollower follower, Thread followerThread, NodeKeyPair nodeKey) {
        this.producer = producer;
        this.scheduler = scheduler;
        this.heartbeats = heartbeats;
        this.daemon = daemon;
        this.follower = follower;
        this.followerThread = followerThread;
        this.nodeKey = nodeKey;
    }

    public static ManagedAgent start(ManagedConfig config, EngineSettings engine, String softwareVersion, Clock clock) throws IOException {
        NodeKeyPair nodeKey = NodeKeyPair.loadOrCreate(config.stateDir());
        IkeDaemon daemon = IkeDaemon.start(addresses(config), engine, ChildSaListener.NONE, EspPacketSink.DISCARD, PeerActivity.NONE);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("heartbeat-" + config.nodeId()).daemon().unstarted(r));
        HeartbeatPublisher heartbeats = new HeartbeatPublisher(config, nodeKey.publicKeyBase64(), softwareVersion, producer, clock);
        heartbeats.start(scheduler);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer());
        TunnelRunner runner = new ReportingTunnelRunner(new EngineTunnelRunner(daemon),
                new ObservationPublisher(config.nodeId(), producer, clock));
        AgentConfigFollower follower = new AgentConfigFollower(config.nodeId(), consumer, new DesiredTunnelTranslation(nodeKey), runner);
        Thread thread = Thread.ofPlatform().name("agent-config-" + config.nodeId()).start(follower);
        return new ManagedAgent(producer, scheduler, heartbeats, daemon, follower, thread, nodeKey);
    }

    private static Set<InetAddress> addresses(ManagedConfig config) throws UnknownHostException {
        Set<InetAddress> addresses = new HashSet<>();
        for (String address : config.gatewayAddresses()) {
            addresses.add(InetAddress.getByName(address));
        }
        return addresses;
    }

    public IkeDaemon daemon() {
        return daemon;
    }

    public String publicKey() {
        return nodeKey.publicKeyBase64();
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
        followerThread.join(30_000);
        heartbeats.close();
        scheduler.shutdownNow();
        producer.close();
        daemon.close();
    }
}
