package io.vpnplane.agent.dataplane;

import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.Cidr;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ikev1.Ikev1Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's IKE engine and ESP data plane wired together on one TUN device: CHILD_SAs negotiated by
 * the engine are installed by a {@link ChildSaInstaller}, ESP shares the engine's UDP 4500 sockets
 * ({@link EngineEspTransport}), and traffic for a tunnel without SA triggers the engine's acquire
 * (REQ-CONN-008 trap). Policy-based tunnels get a kernel route for each remote prefix through the TUN
 * device; route-based prefixes are {@link #routes()}' business.
 *
 * <p>Standalone mode starts with its tunnels; managed mode starts on the node's addresses and adds and
 * removes tunnels at run time, one at a time, without touching the others (REQ-MOD-003).
 *
 * <p>Creates the TUN device and sockets in the calling thread's network namespace.
 */
public final class GatewayDataPlane implements AutoCloseable {

    /** Leaves room for the ESP-in-UDP overhead inside a 1500-byte path (RFC 4303/3948 headers, IV, ICV). */
    public static final int TUN_MTU = 1400;

    private final String tunName;
    private final IkeDaemon daemon;
    private final EspDataPlane plane;
    private final ChildSaInstaller installer;
    private final KernelRoutes kernelRoutes;
    private final TunnelRoutes routes;

    private GatewayDataPlane(String tunName, IkeDaemon daemon, EspDataPlane plane, ChildSaInstaller installer,
                             KernelRoutes kernelRoutes, TunnelRoutes routes) {
        this.tunName = tunName;
        this.daemon = daemon;
        this.plane = plane;
        this.installer = installer;
        this.kernelRoutes = kernelRoutes;
        this.routes = routes;
    }

    public static GatewayDataPlane start(String tunName, List<TunnelConfig> tunnels, EngineSettings settings)
            throws IOException {
        return start(tunName, tunnels, Map.of(), settings);
    }

    /** As above; the tunnels named in {@code ikev1Modes} negotiate with IKEv1. */
    public static GatewayDataPlane start(String tunName, List<TunnelConfig> tunnels, Map<String, Ikev1Mode> ikev1Modes,
                                         EngineSettings settings) throws IOException {
        return start(tunName, tunnels, ikev1Modes, settings, TunDevice.Offload.TCP_SEGMENTATION);
    }

    /** As above, with the TUN offload to ask for ({@link TunDevice.Offload#NONE}: the plain device). */
    public static GatewayDataPlane start(String tunName, List<TunnelConfig> tunnels, Map<String, Ikev1Mode> ikev1Modes,
                                         EngineSettings settings, TunDevice.Offload offload) throws IOException {
        Set<InetAddress> addresses = new java.util.HashSet<>();
        tunnels.forEach(tunnel -> addresses.add(tunnel.localAddress()));
        GatewayDataPlane gateway = start(tunName, addresses, settings, ChildSaListener.NONE, offload);
        try {
            for (TunnelConfig tunnel : tunnels) {
                // no route source in standalone mode: a route-based tunnel the peer narrowed forwards by its selectors
                gateway.add(tunnel, Optional.ofNullable(ikev1Modes.get(tunnel.id())), false);
            }
        } catch (IOException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /**
     * Managed mode: the TUN device and the engine bound to the node's gateway addresses, no tunnels yet.
     * {@code observer} hears of every CHILD_SA after the data plane has installed it.
     */
    public static GatewayDataPlane start(String tunName, Set<InetAddress> addresses, EngineSettings settings,
                                         ChildSaListener observer) throws IOException {
        return start(tunName, addresses, settings, observer, TunDevice.Offload.TCP_SEGMENTATION);
    }

    /**
     * As above, with the TUN offload to ask for: with {@link TunDevice.Offload#TCP_SEGMENTATION} (the
     * default; the device falls back to plain if the kernel refuses) TCP leaves and enters in 64 KiB
     * super-packets, segmented and coalesced by the data plane.
     */
    public static GatewayDataPlane start(String tunName, Set<InetAddress> addresses, EngineSettings settings,
                                         ChildSaListener observer, TunDevice.Offload offload) throws IOException {
        TunDevice tun = TunDevice.open(tunName, offload);
        try {
            IpCommand.run("link", "set", "dev", tunName, "mtu", Integer.toString(TUN_MTU), "up");
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
        KernelRoutes kernelRoutes = new KernelRoutes(tunName);
        TunnelRoutes routes = new TunnelRoutes(plane.forwarding(), installer, kernelRoutes);
        IkeDaemon daemon;
        try {
            daemon = IkeDaemon.start(addresses, settings, ChildSaListener.inOrder(installer, routes, observer), transport,
                    tunnelId -> installer.tunnel(tunnelId)
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
        return new GatewayDataPlane(tunName, daemon, plane, installer, kernelRoutes, routes);
    }

    /**
     * Managed mode: adds a tunnel to the engine; a policy-based one also gets kernel routes for its remote CIDRs, a
     * route-based one carries only what {@link #routes()} sends it, even if the peer narrowed its selectors.
     */
    public void addTunnel(TunnelConfig tunnel, Optional<Ikev1Mode> ikev1) throws IOException {
        add(tunnel, ikev1, true);
    }

    private void add(TunnelConfig tunnel, Optional<Ikev1Mode> ikev1, boolean routedByRoutes) throws IOException {
        if (tunnel.routingMode() == TunnelConfig.RoutingMode.POLICY) {
            for (Cidr remote : tunnel.remoteCidrs()) {
                kernelRoutes.add(Ipv4Prefix.parse(remote.toString()));
            }
        } else if (routedByRoutes) {
            installer.routeBased(tunnel.id());
        }
        if (ikev1.isPresent()) {
            daemon.addTunnel(tunnel, ikev1.get());
        } else {
            daemon.addTunnel(tunnel);
        }
    }

    /**
     * Deletes the tunnel's SAs at the peer and forgets it: its SAs, forwarding rules and (unless another tunnel
     * still uses them) kernel routes go.
     */
    public void removeTunnel(TunnelConfig tunnel) {
        daemon.removeTunnel(tunnel.id());
        installer.forget(tunnel.id());
        if (tunnel.routingMode() == TunnelConfig.RoutingMode.POLICY) {
            for (Cidr remote : tunnel.remoteCidrs()) {
                kernelRoutes.remove(Ipv4Prefix.parse(remote.toString()));
            }
        }
    }

    public String tunName() {
        return tunName;
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

    /** Route-based prefixes and the tunnels that carry them (routing-service's active routes, BGP peer addresses). */
    public TunnelRoutes routes() {
        return routes;
    }

    @Override
    public void close() {
        daemon.close();
        plane.close();
    }
}
