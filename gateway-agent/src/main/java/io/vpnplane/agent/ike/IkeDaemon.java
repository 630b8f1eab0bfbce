package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.KeyExchangePool;
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

    /** Enough for a burst of simultaneous initiations (measured: docs/benchmarks.md, IKE establishment rate). */
    private static final int KEY_EXCHANGE_POOL_DEPTH = 64;

    private final EventLoop loop;
    private final IkeEngine engine;
    private final UdpTransport transport;
    private final KeyExchangePool keyExchanges;

    private IkeDaemon(EventLoop loop, IkeEngine engine, UdpTransport transport, KeyExchangePool keyExchanges) {
        this.keyExchanges = keyExchanges;
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
        EventLoop loop = new EventLoop("ike-engine");
        IkeEngine[] engine = new IkeEngine[1];
        Set<InetAddress> addresses = tunnels.stream().map(TunnelConfig::localAddress).collect(Collectors.toSet());
        UdpTransport transport = new UdpTransport(addresses, settings.ikePort(), settings.natTraversalPort(),
                (local, remote, message) -> loop.execute(() -> engine[0].receive(local, remote, message)), esp);
        SecureRandom random = new SecureRandom();
        // Key pairs made on another core: the loop then does one DH operation per exchange, not two.
        KeyExchangePool keyExchanges = new KeyExchangePool(random, KEY_EXCHANGE_POOL_DEPTH);
        engine[0] = new IkeEngine(loop, transport, random, settings, listener, activity, keyExchanges);
        IkeDaemon daemon = new IkeDaemon(loop, engine[0], transport, keyExchanges);
        loop.call(() -> {
            tunnels.forEach(engine[0]::addTunnel);
            return null;
        });
        return daemon;
    }

    public boolean initiate(String tunnelId) {
        return loop.call(() -> engine.initiate(tunnelId));
    }

    public boolean terminate(String tunnelId) {
        return loop.call(() -> engine.terminate(tunnelId));
    }

    public ChildSaRequest createChildSa(String tunnelId) {
        return loop.call(() -> engine.createChildSa(tunnelId));
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
        keyExchanges.close();
    }
}
