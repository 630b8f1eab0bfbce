package io.vpnplane.agent.ike;

import io.vpnplane.agent.ike.transport.EspPacketSink;
import io.vpnplane.agent.ike.transport.UdpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A running IKE engine on real UDP sockets with its own event-loop thread. Thread-safe: every method
 * hands its work to the loop. This is what the agent (and the interop tests) start.
 */
public final class IkeDaemon implements AutoCloseable {

    private final EventLoop loop;
    private final IkeEngine engine;
    private final UdpTransport transport;

    private IkeDaemon(EventLoop loop, IkeEngine engine, UdpTransport transport) {
        this.loop = loop;
        this.engine = engine;
        this.transport = transport;
    }

    /** Binds ports 500/4500 (or those in {@code settings}) on every tunnel's local address and starts them. */
    public static IkeDaemon start(List<TunnelConfig> tunnels, EngineSettings settings, ChildSaListener listener,
                                  EspPacketSink esp) throws IOException {
        return start(tunnels, settings, listener, esp, PeerActivity.NONE);
    }

    /** As above; {@code activity} tells dead peer detection when ESP last arrived on each tunnel. */
    public static IkeDaemon start(List<TunnelConfig> tunnels, EngineSettings settings, ChildSaListener listener,
                                  EspPacketSink esp, PeerActivity activity) throws IOException {
        IkeDaemon daemon = start(tunnels.stream().map(TunnelConfig::localAddress).collect(Collectors.toSet()), settings,
                listener, esp, activity);
        daemon.loop.call(() -> {
            tunnels.forEach(daemon.engine::addTunnel);
            return null;
        });
        return daemon;
    }

    /**
     * Managed mode: binds the node's gateway addresses up front, without tunnels; they come and go with
     * {@link #addTunnel} / {@link #removeTunnel}.
     */
    public static IkeDaemon start(Set<InetAddress> addresses, EngineSettings settings, ChildSaListener listener,
                                  EspPacketSink esp, PeerActivity activity) throws IOException {
        EventLoop loop = new EventLoop("ike-engine");
        IkeEngine[] engine = new IkeEngine[1];
        UdpTransport transport = new UdpTransport(addresses, settings.ikePort(), settings.natTraversalPort(),
                (local, remote, message) -> loop.execute(() -> engine[0].receive(local, remote, message)), esp);
        engine[0] = new IkeEngine(loop, transport, new SecureRandom(), settings, listener, activity);
        return new IkeDaemon(loop, engine[0], transport);
    }

    /** Adds (and with start action START, initiates) a tunnel whose local address is bound. */
    public void addTunnel(TunnelConfig config) {
        loop.call(() -> {
            engine.addTunnel(config);
            return null;
        });
    }

    /** Sends DELETE for the tunnel's SAs and forgets it; false for an unknown tunnel. */
    public boolean removeTunnel(String tunnelId) {
        return loop.call(() -> engine.removeTunnel(tunnelId));
    }

    public boolean initiate(String tunnelId) {
        return loop.call(() -> engine.initiate(tunnelId));
    }

    public boolean terminate(String tunnelId) {
        return loop.call(() -> engine.terminate(tunnelId));
    }

    public void acquire(String tunnelId) {
        loop.execute(() -> engine.acquire(tunnelId));
    }

    public List<TunnelStatus> status() {
        return loop.call(engine::status);
    }

    public Optional<TunnelStatus> status(String tunnelId) {
        return loop.call(() -> engine.status(tunnelId));
    }

    /** The current CHILD_SAs of a tunnel, with keys, for the ESP layer. */
    public List<ChildSa> childSas(String tunnelId) {
        return loop.call(() -> engine.childSas(tunnelId));
    }

    /** The NAT-T sockets, for sending ESP-in-UDP. */
    public UdpTransport transport() {
        return transport;
    }

    @Override
    public void close() {
        transport.close();
        loop.close();
    }
}
