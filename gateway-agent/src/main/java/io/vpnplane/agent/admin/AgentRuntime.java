package io.vpnplane.agent.admin;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vpnplane.agent.bgp.BgpSpeaker;
import io.vpnplane.agent.healthcheck.HealthCheckStatus;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.managed.ManagedAgent;
import io.vpnplane.agent.managed.ManagedConfig;
import io.vpnplane.agent.standalone.InvalidConfigException;
import io.vpnplane.agent.standalone.StandaloneAgent;
import io.vpnplane.agent.standalone.StandaloneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts the agent (IKE engine and data plane) from the standalone config file, if one is given; stops it on shutdown. */
@ApplicationScoped
public class AgentRuntime {

    static final String CONFIG_PROPERTY = "vpnplane.agent.config";
    static final String MANAGED_NODE_PROPERTY = "vpnplane.agent.managed.node-id";
    private static final Logger LOG = Logger.getLogger(AgentRuntime.class);

    @ConfigProperty(name = CONFIG_PROPERTY)
    Optional<String> configFile;

    @ConfigProperty(name = MANAGED_NODE_PROPERTY)
    Optional<String> managedNodeId;

    @ConfigProperty(name = "vpnplane.agent.managed.zone", defaultValue = "zone-a")
    String managedZone;

    @ConfigProperty(name = "vpnplane.agent.managed.kafka-bootstrap-servers", defaultValue = "localhost:9092")
    String managedBootstrapServers;

    @ConfigProperty(name = "vpnplane.agent.managed.gateway-addresses", defaultValue = "127.0.0.1")
    List<String> managedGatewayAddresses;

    @ConfigProperty(name = "vpnplane.agent.managed.capacity", defaultValue = "100")
    int managedCapacity;

    @ConfigProperty(name = "vpnplane.agent.managed.state-dir", defaultValue = "/var/lib/vpnplane-agent")
    String managedStateDir;

    @ConfigProperty(name = "vpnplane.agent.managed.heartbeat-interval", defaultValue = "5s")
    Duration managedHeartbeatInterval;

    /** {@code auto}: carry traffic on a TUN device when the host allows it (root, /dev/net/tun); {@code off}: negotiate only. */
    @ConfigProperty(name = "vpnplane.agent.managed.data-plane", defaultValue = "auto")
    String managedDataPlane;

    @ConfigProperty(name = "vpnplane.agent.managed.tun-name", defaultValue = "vpnplane0")
    String managedTunName;

    private volatile Optional<StandaloneAgent> agent = Optional.empty();
    private volatile Optional<ManagedAgent> managed = Optional.empty();

    void onStart(@Observes StartupEvent event) {
        Optional<String> nodeId = managedNodeId.or(() -> Optional.ofNullable(System.getProperty(MANAGED_NODE_PROPERTY)));
        if (nodeId.isPresent()) {
            startManaged(nodeId.get());
            return;
        }
        Optional<String> file = configFile.or(() -> Optional.ofNullable(System.getProperty(CONFIG_PROPERTY)));
        if (file.isEmpty()) {
            LOG.info("no " + CONFIG_PROPERTY + " / --config given: IKE engine not started");
            return;
        }
        try {
            StandaloneConfig config = StandaloneConfig.read(Path.of(file.get()));
            StandaloneAgent started = StandaloneAgent.start(config);
            agent = Optional.of(started);
            LOG.infof("IKE engine started with %d tunnel(s) from %s, data plane %s", config.tunnels().size(),
                    file.get(), started.dataPlane().isPresent() ? "on " + config.dataPlane().tunName() : "disabled");
        } catch (InvalidConfigException e) {
            throw new IllegalStateException("invalid agent config " + file.get() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the IKE engine from " + file.get(), e);
        }
    }

    private void startManaged(String nodeId) {
        boolean dataPlane = switch (managedDataPlane) {
            case "auto" -> StandaloneAgent.tunAvailable();
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalStateException("vpnplane.agent.managed.data-plane must be auto, on or off, not " + managedDataPlane);
        };
        ManagedConfig config = new ManagedConfig(nodeId, managedZone, managedBootstrapServers, managedGatewayAddresses,
                managedCapacity, Path.of(managedStateDir), managedHeartbeatInterval,
                dataPlane ? Optional.of(managedTunName) : Optional.empty());
        try {
            managed = Optional.of(ManagedAgent.start(config, EngineSettings.defaults(), "0.1.0", Clock.systemUTC()));
            LOG.infof("managed mode: node %s in %s on %s, following vpn.agent-config, data plane %s", nodeId, managedZone,
                    managedGatewayAddresses, config.tunName().map(tun -> "on " + tun).orElse("off"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start managed mode for node " + nodeId, e);
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        agent.ifPresent(StandaloneAgent::close);
        if (managed.isPresent()) {
            managed.get().close();
        }
    }

    public Optional<StandaloneAgent> agent() {
        return agent;
    }

    /** The BGP speaker: the standalone config's sessions, or those bgp-service assigns to a managed node. */
    public Optional<BgpSpeaker> bgp() {
        return agent.flatMap(StandaloneAgent::bgp).or(() -> managed.map(m -> m.bgp().speaker()));
    }

    /** The tunnel's health check (REQ-TUN-011) in either mode. */
    public Optional<HealthCheckStatus> healthCheck(String tunnelId) {
        return agent.flatMap(a -> a.healthCheck(tunnelId)).or(() -> managed.flatMap(m -> m.healthCheck(tunnelId)));
    }

    public Optional<IkeDaemon> daemon() {
        return agent.map(StandaloneAgent::daemon).or(() -> managed.map(ManagedAgent::daemon));
    }
}
