package io.vpnplane.agent.dataplane;

import io.vpnplane.agent.ike.Cidr;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ikev1.Ikev1Mode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The agent's IKE engine and ESP data plane wired together on one TUN device: CHILD_SAs negotiated by
 * the engine are installed by a {@link ChildSaInstaller}, ESP shares the engine's UDP 4500 sockets
 * ({@link EngineEspTransport}), and traffic for a tunnel without SA triggers the engine's acquire
 * (REQ-CONN-008 trap). Policy-based tunnels get a kernel route for each remote prefix through the TUN
 * device; route-based prefixes are the forwarding table's business ({@link #plane()}).
 *
 * <p>Creates the TUN device and sockets in the calling thread's network namespace.
 */
public final class GatewayDataPlane implements AutoCloseable {

    /** Leaves room for the ESP-in-UDP overhead inside a 1500-byte path (RFC 4303/3948 headers, IV, ICV). */
    public static final int TUN_MTU = 1400;

    private final IkeDaemon daemon;
    private final EspDataPlane plane;
    private final ChildSaInstaller installer;

    private GatewayDataPlane(IkeDaemon daemon, EspDataPlane plane, ChildSaInstaller installer) {
        this.daemon = daemon;
        this.plane = plane;
        this.installer = installer;
    }

    public static GatewayDataPlane start(String tunName, List<TunnelConfig> tunnels, EngineSettings settings)
            throws IOException {
        return start(tunName, tunnels, Map.of(), settings);
    }

    /** As above; the tunnels named in {@code ikev1Modes} negotiate with IKEv1. */
    public static GatewayDataPlane start(String tunName, List<TunnelConfig> tunnels, Map<String, Ikev1Mode> ikev1Modes,
                                         EngineSettings settings) throws IOException {
        TunDevice tun = TunDevice.open(tunName);
        try {
            IpCommand.run("link", "set", "dev", tunName, "mtu", Integer.toString(TUN_MTU), "up");
            for (TunnelConfig tunnel : tunnels) {
                if (tunnel.routingMode() == TunnelConfig.RoutingMode.POLICY) {
                    for (Cidr remote : tunnel.remoteCidrs()) {
                        IpCommand.run("route", "replace", remote.toString(), "dev", tunName);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            tun.close();
            throw e;
        }
        EngineEspTransport transport = new EngineEspTransport();
        EspDataPlane plane = new EspDataPlane(tun, transport, new LiveForwardingTable<>(ForwardingTable.empty()),
                (from, message) -> {
                    // The engine's own sockets receive IKE; this plane never owns a 4500 socket here.
                }, System::nanoTime);
        ChildSaInstaller installer = new ChildSaInstaller(plane);
        IkeDaemon daemon;
        try {
            daemon = IkeDaemon.start(tunnels, ikev1Modes, settings, installer, transport, tunnelId -> installer.tunnel(tunnelId)
                    .map(t -> t.statistics().lastReceivedNanos())
                    .filter(nanos -> nanos != 0)
                    .map(nanos -> Instant.now().minusNanos(System.nanoTime() - nanos)));
        } catch (IOException | RuntimeException e) {
            plane.close();
            throw e;
        }
        transport.attach(daemon.transport(), plane);
        plane.addNoSaListener(tunnel -> daemon.acquire(tunnel.id()));
        plane.start();
        return new GatewayDataPlane(daemon, plane, installer);
    }

    public IkeDaemon daemon() {
        return daemon;
    }

    public EspDataPlane plane() {
        return plane;
    }

    public ChildSaInstaller installer() {
        return installer;
    }

    @Override
    public void close() {
        daemon.close();
        plane.close();
    }
}
