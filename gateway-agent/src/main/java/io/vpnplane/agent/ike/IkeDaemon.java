package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.KeyExchangePool;
import io.vpnplane.agent.ike.transport.EspPacketSink;
import io.vpnplane.agent.ike.transport.UdpTransport;
import io.vpnplane.agent.ikev1.Ikev1Engine;
import io.vpnplane.agent.ikev1.Ikev1Mode;
import io.vpnplane.agent.ikev1.message.IsakmpHeader;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A running IKE engine on real UDP sockets with its own event-loop thread. Thread-safe: every method
 * hands its work to the loop. This is what the agent (and the interop tests) start.
 *
 * <p>Tunnels configured for IKEv1 run on an {@link Ikev1Engine} that shares the loop, the sockets and
 * the listeners; datagrams go to it by their ISAKMP version, commands by tunnel id.
 */
public final class IkeDaemon implements AutoCloseable {

    /** Enough for a burst of simultaneous initiations (measured: docs/benchmarks.md, IKE establishment rate). */
    private static final int KEY_EXCHANGE_POOL_DEPTH = 64;

    private final EventLoop loop;
    private final IkeEngine engine;
    private final Ikev1Engine ikev1;
    private final UdpTransport transport;
    private final KeyExchangePool keyExchanges;

    private IkeDaemon(EventLoop loop, IkeEngine engine, Ikev1Engine ikev1, UdpTransport transport, KeyExchangePool keyExchanges) {
        this.keyExchanges = keyExchanges;
        this.loop = loop;
        this.engine = engine;
        this.ikev1 = ikev1;
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
        return start(tunnels, Map.of(), settings, listener, esp, activity);
    }

    /** As above; the tunnels named in {@code ikev1Modes} run IKEv1 in the given phase-1 mode. */
    public static IkeDaemon start(List<TunnelConfig> tunnels, Map<String, Ikev1Mode> ikev1Modes,
                                  EngineSettings settings, ChildSaListener listener, EspPacketSink esp,
                                  PeerActivity activity) throws IOException {
        IkeDaemon daemon = start(tunnels.stream().map(TunnelConfig::localAddress).collect(Collectors.toSet()), settings,
                listener, esp, activity);
        daemon.loop.call(() -> {
            for (TunnelConfig tunnel : tunnels) {
                Ikev1Mode mode = ikev1Modes.get(tunnel.id());
                if (mode != null) {
                    daemon.ikev1.addTunnel(tunnel, mode);
                } else {
                    daemon.engine.addTunnel(tunnel);
                }
            }
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
        Ikev1Engine[] ikev1 = new Ikev1Engine[1];
        UdpTransport transport = new UdpTransport(addresses, settings.ikePort(), settings.natTraversalPort(),
                (local, remote, message) -> loop.execute(() -> {
                    if (IsakmpHeader.isVersion1(message)) {
                        ikev1[0].receive(local, remote, message);
                    } else {
                        engine[0].receive(local, remote, message);
                    }
                }), esp);
        SecureRandom random = new SecureRandom();
        // Key pairs made on another core: the loop then does one DH operation per exchange, not two.
        KeyExchangePool keyExchanges = new KeyExchangePool(random, KEY_EXCHANGE_POOL_DEPTH);
        engine[0] = new IkeEngine(loop, transport, random, settings, listener, activity, keyExchanges);
        ikev1[0] = new Ikev1Engine(loop, transport, random, settings, listener, activity);
        return new IkeDaemon(loop, engine[0], ikev1[0], transport, keyExchanges);
    }

    /** Adds (and with start action START, initiates) a tunnel whose local address is bound. */
    public void addTunnel(TunnelConfig config) {
        loop.call(() -> {
            engine.addTunnel(config);
            return null;
        });
    }

    /** As above, negotiated with IKEv1 in the given phase-1 mode. */
    public void addTunnel(TunnelConfig config, Ikev1Mode mode) {
        loop.call(() -> {
            ikev1.addTunnel(config, mode);
            return null;
        });
    }

    /** Sends DELETE for the tunnel's SAs and forgets it; false for an unknown tunnel. */
    public boolean removeTunnel(String tunnelId) {
        return loop.call(() -> ikev1.handles(tunnelId) ? ikev1.removeTunnel(tunnelId) : engine.removeTunnel(tunnelId));
    }

    public boolean initiate(String tunnelId) {
        return loop.call(() -> ikev1.handles(tunnelId) ? ikev1.initiate(tunnelId) : engine.initiate(tunnelId));
    }

    public boolean terminate(String tunnelId) {
        return loop.call(() -> ikev1.handles(tunnelId) ? ikev1.terminate(tunnelId) : engine.terminate(tunnelId));
    }

    /**
     * Rekeys an IKEv2 tunnel's IKE SA now (RFC 7296 §2.8), as its timer would; false for an unknown or
     * IKEv1 tunnel or one without an established IKE SA.
     */
    public boolean rekeyIke(String tunnelId) {
        return loop.call(() -> !ikev1.handles(tunnelId) && engine.rekeyIke(tunnelId));
    }

    public ChildSaRequest createChildSa(String tunnelId) {
        return loop.call(() -> engine.createChildSa(tunnelId));
    }

    public void acquire(String tunnelId) {
        loop.execute(() -> {
            if (ikev1.handles(tunnelId)) {
                ikev1.acquire(tunnelId);
            } else {
                engine.acquire(tunnelId);
            }
        });
    }

    public List<TunnelStatus> status() {
        return loop.call(() -> java.util.stream.Stream.concat(engine.status().stream(), ikev1.status().stream())
                .toList());
    }

    public Optional<TunnelStatus> status(String tunnelId) {
        return loop.call(() -> ikev1.handles(tunnelId) ? ikev1.status(tunnelId) : engine.status(tunnelId));
    }

    /** The current CHILD_SAs of a tunnel, with keys, for the ESP layer. */
    public List<ChildSa> childSas(String tunnelId) {
        return loop.call(() -> ikev1.handles(tunnelId) ? ikev1.childSas(tunnelId) : engine.childSas(tunnelId));
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
