package io.vpnplane.agent.managed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.vpnplane.agent.dataplane.GatewayDataPlane;
import io.vpnplane.agent.dataplane.Ipv4Prefix;
import io.vpnplane.agent.dataplane.NextHopRoutes;
import io.vpnplane.agent.dataplane.Tunnel;
import io.vpnplane.agent.healthcheck.HealthCheckStatus;
import io.vpnplane.agent.healthcheck.HealthChecks;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.PeerActivity;
import io.vpnplane.agent.ike.transport.EspPacketSink;

/**
 * A gateway agent in managed mode: node key, heartbeats, the IKE daemon bound to the node's gateway addresses and —
 * when the node has a TUN device — the ESP data plane with health checks and routing-service's active routes; the
 * control loop follows {@code vpn.agent-config} on its own thread and what the node observes goes to
 * {@code vpn.agent-status}.
 */
public final class ManagedAgent implements AutoCloseable {

    /** How often the observer compares every tunnel's status (failures, DPD) besides the SA callbacks. */
    private static final Duration OBSERVATION_SWEEP = Duration.ofSeconds(1);
    /** How often the leased-line routes are put back (the kernel drops a route with its link, and keeps it dropped). */
    private static final Duration NEXT_HOP_REASSERT = Duration.ofSeconds(10);
    /** How often every tunnel's counters are published: a modest rate, 5,000 tunnels make 83 records/s. */
    private static final Duration COUNTERS_INTERVAL = Duration.ofMinutes(1);

    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService observations;
    private final HeartbeatPublisher heartbeats;
    private final IkeDaemon daemon;
    private final Optional<GatewayDataPlane> dataPlane;
    private final Optional<HealthChecks> healthChecks;
    private final AgentConfigFollower follower;
    private final Optional<RouteFollower> routeFollower;
    private final Thread[] threads;
    private final NodeKeyPair nodeKey;
    private final ManagedBgpSpeaker bgp;
    private final Optional<NextHopRoutes> nextHopRoutes;

    private ManagedAgent(KafkaProducer<String, byte[]> producer, ScheduledExecutorService scheduler,
                         ScheduledExecutorService observations, HeartbeatPublisher heartbeats, IkeDaemon daemon,
                         Optional<GatewayDataPlane> dataPlane, Optional<HealthChecks> healthChecks, AgentConfigFollower follower,
                         Optional<RouteFollower> routeFollower, Thread[] threads, NodeKeyPair nodeKey, ManagedBgpSpeaker bgp,
                         Optional<NextHopRoutes> nextHopRoutes) {
        this.producer = producer;
        this.scheduler = scheduler;
        this.observations = observations;
        this.heartbeats = heartbeats;
        this.daemon = daemon;
        this.dataPlane = dataPlane;
        this.healthChecks = healthChecks;
        this.follower = follower;
        this.routeFollower = routeFollower;
        this.threads = threads;
        this.nodeKey = nodeKey;
        this.bgp = bgp;
        this.nextHopRoutes = nextHopRoutes;
    }

    /** Starts in the calling thread's network namespace (TUN device, routes, sockets). */
    public static ManagedAgent start(ManagedConfig config, EngineSettings engine, String softwareVersion, Clock clock) throws IOException {
        NodeKeyPair nodeKey = NodeKeyPair.loadOrCreate(config.stateDir());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
        ObservationPublisher publisher = new ObservationPublisher(config.nodeId(), producer, clock);
        ScheduledExecutorService observations = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("observations-" + config.nodeId()).daemon().unstarted(r));
        IkeDaemon[] engineOf = new IkeDaemon[1];
        GatewayDataPlane[] planeOf = new GatewayDataPlane[1];
        TunnelObserver observer = new TunnelObserver(tunnelId -> engineOf[0].status(tunnelId), () -> engineOf[0].status(),
                tunnelId -> packets(planeOf[0], tunnelId), publisher, observations);

        Optional<GatewayDataPlane> dataPlane = Optional.empty();
        Optional<HealthChecks> healthChecks = Optional.empty();
        Optional<RouteFollower> routeFollower = Optional.empty();
        Optional<NextHopRoutes> nextHopRoutes = Optional.empty();
        TunnelRunner runner;
        if (config.tunName().isPresent()) {
            GatewayDataPlane gateway = GatewayDataPlane.start(config.tunName().get(), addresses(config), engine, observer);
            HealthChecks checks = new HealthChecks(gateway, observer::healthCheck);
            ConnectionRoutes routes = new ConnectionRoutes(gateway.routes());
            engineOf[0] = gateway.daemon();
            planeOf[0] = gateway;
            dataPlane = Optional.of(gateway);
            healthChecks = Optional.of(checks);
            routeFollower = Optional.of(new RouteFollower(consumer(config), routes::activeRoutes));
            runner = new DataPlaneTunnelRunner(gateway, checks, routes);
            nextHopRoutes = Optional.of(NextHopRoutes.clearedOfLeftovers());
        } else {
            engineOf[0] = IkeDaemon.start(addresses(config), engine, observer, EspPacketSink.DISCARD, PeerActivity.NONE);
            runner = new EngineTunnelRunner(engineOf[0]);
        }
        observer.start(OBSERVATION_SWEEP, COUNTERS_INTERVAL);

        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("heartbeat-" + config.nodeId()).daemon().unstarted(r));
        HeartbeatPublisher heartbeats = new HeartbeatPublisher(config, nodeKey.publicKeyBase64(), softwareVersion, producer, clock);
        heartbeats.start(scheduler);
        nextHopRoutes.ifPresent(routes -> scheduler.scheduleWithFixedDelay(routes::reassert, NEXT_HOP_REASSERT.toMillis(),
                NEXT_HOP_REASSERT.toMillis(), TimeUnit.MILLISECONDS));
        AgentConfigFollower follower = new AgentConfigFollower(config.nodeId(), consumer(config), new DesiredTunnelTranslation(nodeKey),
                new ReportingTunnelRunner(runner, publisher, observer));
        Thread configThread = Thread.ofPlatform().name("agent-config-" + config.nodeId()).start(follower);
        Thread[] threads = routeFollower
                .map(routes -> new Thread[] {configThread, Thread.ofPlatform().name("routes-" + config.nodeId()).start(routes)})
                .orElse(new Thread[] {configThread});
        return new ManagedAgent(producer, scheduler, observations, heartbeats, engineOf[0], dataPlane, healthChecks, follower,
                routeFollower, threads, nodeKey, ManagedBgpSpeaker.start(config.nodeId(), consumer(config), producer, clock,
                        leasedLineForwarding(nextHopRoutes)), nextHopRoutes);
    }

    /** Without a data plane the node forwards nothing, leased-line paths included. */
    private static java.util.function.Consumer<Map<Ipv4Prefix, String>> leasedLineForwarding(Optional<NextHopRoutes> routes) {
        return leased -> routes.ifPresent(r -> r.replace(leased));
    }

    private static PacketCounters packets(GatewayDataPlane gateway, String tunnelId) {
        if (gateway == null) {
            return PacketCounters.NONE;
        }
        return gateway.installer().tunnel(tunnelId).map(Tunnel::statistics)
                .map(s -> new PacketCounters(s.packetsReceived(), s.packetsSent(), s.droppedNoSa() + s.droppedSelector()))
                .orElse(PacketCounters.NONE);
    }

    private static KafkaConsumer<String, byte[]> consumer(ManagedConfig config) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer());
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

    public Optional<GatewayDataPlane> dataPlane() {
        return dataPlane;
    }

    public Optional<HealthCheckStatus> healthCheck(String tunnelId) {
        return healthChecks.flatMap(checks -> checks.status(tunnelId));
    }

    public ManagedBgpSpeaker bgp() {
        return bgp;
    }

    public String publicKey() {
        return nodeKey.publicKeyBase64();
    }

    @Override
    public void close() throws InterruptedException {
        bgp.close();
        nextHopRoutes.ifPresent(NextHopRoutes::close);
        follower.close();
        routeFollower.ifPresent(RouteFollower::close);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        heartbeats.close();
        scheduler.shutdownNow();
        healthChecks.ifPresent(HealthChecks::close);
        observations.shutdownNow();
        producer.close();
        dataPlane.ifPresentOrElse(GatewayDataPlane::close, daemon::close);
    }
}
