package io.vpnplane.agent.standalone;

import io.vpnplane.agent.bgp.BgpSpeaker;
import io.vpnplane.agent.bgp.SpeakerConfig;
import io.vpnplane.agent.dataplane.GatewayDataPlane;
import io.vpnplane.agent.dataplane.TunDevice;
import io.vpnplane.agent.healthcheck.HealthCheckStatus;
import io.vpnplane.agent.healthcheck.HealthChecks;
import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.PeerActivity;
import io.vpnplane.agent.ike.transport.EspPacketSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The agent as started from a standalone config file: the IKE engine, and (when the config enables it
 * or the host allows it) the real data plane on a TUN device. Plain Java so tests can start it inside a
 * network namespace exactly as the Quarkus runtime does on a host.
 */
public final class StandaloneAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StandaloneAgent.class.getName());

    private final IkeDaemon daemon;
    private final Optional<GatewayDataPlane> dataPlane;
    private final Optional<HealthChecks> healthChecks;
    private final Optional<BgpSpeaker> bgp;

    private StandaloneAgent(IkeDaemon daemon, Optional<GatewayDataPlane> dataPlane, Optional<HealthChecks> healthChecks,
                            Optional<BgpSpeaker> bgp) {
        this.daemon = daemon;
        this.dataPlane = dataPlane;
        this.healthChecks = healthChecks;
        this.bgp = bgp;
    }

    /** Starts in the calling thread's network namespace (TUN device, routes, sockets). */
    public static StandaloneAgent start(StandaloneConfig config) throws IOException {
        Optional<BgpSpeaker> bgp = startBgp(config);
        if (config.dataPlane().enabledOn(tunAvailable())) {
            GatewayDataPlane gateway = GatewayDataPlane.start(config.dataPlane().tunName(), config.tunnels(),
                    config.ikev1Tunnels(), config.engine(), config.dataPlane().offloads()
                            ? TunDevice.Offload.TCP_SEGMENTATION : TunDevice.Offload.NONE);
            if (config.healthChecks().isEmpty()) {
                return new StandaloneAgent(gateway.daemon(), Optional.of(gateway), Optional.empty(), bgp);
            }
            HealthChecks checks = new HealthChecks(gateway, event -> LOG.info(() -> "health check: " + event));
            config.healthChecks().forEach(checks::start);
            return new StandaloneAgent(gateway.daemon(), Optional.of(gateway), Optional.of(checks), bgp);
        }
        if (!config.healthChecks().isEmpty()) {
            LOG.warning("health checks need the data plane, which is disabled: not started");
        }
        return new StandaloneAgent(IkeDaemon.start(config.tunnels(), config.ikev1Tunnels(), config.engine(),
                ChildSaListener.NONE, EspPacketSink.DISCARD, PeerActivity.NONE), Optional.empty(), Optional.empty(), bgp);
    }

    /** The BGP speaker with the configured sessions and their advertised prefixes; learned routes are logged. */
    private static Optional<BgpSpeaker> startBgp(StandaloneConfig config) throws IOException {
        if (config.bgp().isEmpty()) {
            return Optional.empty();
        }
        BgpSettings settings = config.bgp().get();
        BgpSpeaker.warmUp();
        BgpSpeaker speaker = BgpSpeaker.start(new SpeakerConfig(settings.listen()), event -> LOG.fine(() -> "bgp: " + event));
        for (BgpSettings.Session session : settings.sessions()) {
            speaker.addSession(session.config());
            speaker.advertise(session.config().id(), session.advertise());
        }
        return Optional.of(speaker);
    }

    /** The tunnel's health check (REQ-TUN-011), when one is configured and running. */
    public Optional<HealthCheckStatus> healthCheck(String tunnelId) {
        return healthChecks.flatMap(checks -> checks.status(tunnelId));
    }

    /** Creating a TUN device needs CAP_NET_ADMIN (we only check for root) and the tun driver's device. */
    public static boolean tunAvailable() {
        return "root".equals(System.getProperty("user.name")) && Files.exists(Path.of("/dev/net/tun"));
    }

    public IkeDaemon daemon() {
        return daemon;
    }

    public Optional<GatewayDataPlane> dataPlane() {
        return dataPlane;
    }

    public Optional<BgpSpeaker> bgp() {
        return bgp;
    }

    @Override
    public void close() {
        bgp.ifPresent(BgpSpeaker::close);
        healthChecks.ifPresent(HealthChecks::close);
        dataPlane.ifPresentOrElse(GatewayDataPlane::close, daemon::close);
    }
}
