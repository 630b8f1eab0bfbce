package io.vpnplane.agent.standalone;

import io.vpnplane.agent.dataplane.GatewayDataPlane;
import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.transport.EspPacketSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent as started from a standalone config file: the IKE engine, and (when the config enables it
 * or the host allows it) the real data plane on a TUN device. Plain Java so tests can start it inside a
 * network namespace exactly as the Quarkus runtime does on a host.
 */
public final class StandaloneAgent implements AutoCloseable {

    private final IkeDaemon daemon;
    private final Optional<GatewayDataPlane> dataPlane;

    private StandaloneAgent(IkeDaemon daemon, Optional<GatewayDataPlane> dataPlane) {
        this.daemon = daemon;
        this.dataPlane = dataPlane;
    }

    /** Starts in the calling thread's network namespace (TUN device, routes, sockets). */
    public static StandaloneAgent start(StandaloneConfig config) throws IOException {
        if (config.dataPlane().enabledOn(tunAvailable())) {
            GatewayDataPlane gateway = GatewayDataPlane.start(config.dataPlane().tunName(), config.tunnels(),
                    config.engine());
            return new StandaloneAgent(gateway.daemon(), Optional.of(gateway));
        }
        return new StandaloneAgent(IkeDaemon.start(config.tunnels(), config.engine(), ChildSaListener.NONE,
                EspPacketSink.DISCARD), Optional.empty());
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

    @Override
    public void close() {
        dataPlane.ifPresentOrElse(GatewayDataPlane::close, daemon::close);
    }
}
