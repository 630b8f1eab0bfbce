package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.KeyExchange;
import io.vpnplane.agent.crypto.KeyExchangeSource;
import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IkeDecodeException;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.IkeMessage;
import io.vpnplane.agent.ike.message.NotifyPayload;
import io.vpnplane.agent.ike.message.NotifyType;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The IKEv2 engine: tunnels, their IKE SAs indexed by our SPI, and dispatch of received datagrams.
 *
 * <p>Threading: every method must run on the {@link Scheduler}'s event-loop thread (the
 * {@link IkeDaemon} wraps this for callers on other threads). No method throws on bad input from the
 * network: malformed datagrams are dropped or answered with an error notify.
 */
public final class IkeEngine {

    private static final Logger LOG = Logger.getLogger(IkeEngine.class.getName());

    private final Scheduler scheduler;
    private final IkeTransport transport;
    private final SecureRandom random;
    private final EngineSettings settings;
    private final ChildSaListener listener;
    private final PeerActivity activity;
    private final KeyExchangeSource keyExchanges;
    private final Supplier<byte[]> nonces;
    private final Map<String, Tunnel> tunnels = new LinkedHashMap<>();
    private final Map<Long, IkeSa> sasBySpi = new HashMap<>();
    private final byte[] cookieSecret = new byte[32];

    public IkeEngine(Scheduler scheduler, IkeTransport transport, SecureRandom random, EngineSettings settings,
                     ChildSaListener listener) {
        this(scheduler, transport, random, settings, listener, PeerActivity.NONE);
    }

    public IkeEngine(Scheduler scheduler, IkeTransport transport, SecureRandom random, EngineSettings settings,
                     ChildSaListener listener, PeerActivity activity) {
        this(scheduler, transport, random, settings, listener, activity,
                KeyExchangeSource.generateOnDemand(random));
    }

    public IkeEngine(Scheduler scheduler, IkeTransport transport, SecureRandom random, EngineSettings settings,
                     ChildSaListener listener, PeerActivity activity, KeyExchangeSource keyExchanges) {
        this(scheduler, transport, random, settings, listener, activity, keyExchanges, () -> randomNonce(random));
    }

    /**
     * As above with every nonce (Ni/Nr of all exchanges) from {@code nonces}: tests choose them to steer
     * the nonce comparisons of rekey collisions (RFC 7296 §2.8). Each must be 16 to 256 octets (§3.9).
     */
    public IkeEngine(Scheduler scheduler, IkeTransport transport, SecureRandom random, EngineSettings settings,
                     ChildSaListener listener, PeerActivity activity, KeyExchangeSource keyExchanges,
                     Supplier<byte[]> nonces) {
        this.nonces = nonces;
        this.keyExchanges = keyExchanges;
        this.activity = activity;
        this.scheduler = scheduler;
        this.transport = transport;
        this.random = random;
        this.settings = settings;
        this.listener = listener;
        random.nextBytes(cookieSecret);
    }

    Scheduler scheduler() {
        return scheduler;
    }

    IkeTransport transport() {
        return transport;
    }

    SecureRandom random() {
        return random;
    }

    /** A fresh ephemeral key pair for a KE payload. */
    KeyExchange newKeyExchange(DiffieHellmanGroup group) {
        return keyExchanges.next(group);
    }

    EngineSettings settings() {
        return settings;
    }

    ChildSaListener listener() {
        return listener;
    }

    PeerActivity activity() {
        return activity;
    }

    // ---- configuration and commands ----------------------------------------------------------

    /** Adds a tunnel; with start action START it initiates at once (REQ-CONN-008). */
    public void addTunnel(TunnelConfig config) {
        if (tunnels.containsKey(config.id())) {
            throw new IllegalArgumentException("duplicate tunnel id " + config.id());
        }
        Tunnel tunnel = new Tunnel(config, this);
        tunnels.put(config.id(), tunnel);
        tunnel.status(config.startAction() == TunnelConfig.StartAction.START ? "connecting" : "waiting for peer");
        if (config.startAction() == TunnelConfig.StartAction.START) {
            initiate(config.id());
        }
    }

    public List<String> tunnelIds() {
        return List.copyOf(tunnels.keySet());
    }

    /** Starts negotiation unless an IKE SA is already up or under way; false for an unknown tunnel. */
    public boolean initiate(String tunnelId) {
        Tunnel tunnel = tunnels.get(tunnelId);
        if (tunnel == null) {
            return false;
        }
        tunnel.setTerminated(false);
        if (tunnel.current().filter(IkeSa::isOpen).isPresent()) {
            return true;
        }
        TunnelConfig config = tunnel.config;
        IkeSa sa = new IkeSa(this, tunnel, true, newIkeSpi(), 0,
                new InetSocketAddress(config.localAddress(), settings.ikePort()),
                new InetSocketAddress(config.remoteAddress(), settings.ikePort()));
        register(sa);
        tunnel.setCurrent(sa);
        tunnel.progress("connecting");
        sa.queue(new IkeSaInitExchange(sa));
        return true;
    }

    /**
     * Traffic for a trapped tunnel (effectImmediately=false, REQ-CONN-008): the ESP layer calls this
     * when it has a packet for a tunnel without CHILD_SA.
     */
    public void acquire(String tunnelId) {
        Tunnel tunnel = tunnels.get(tunnelId);
        // A tunnel held after its peer was declared dead (DPD action hold) also comes back on traffic.
        if (tunnel != null && (tunnel.config.startAction() == TunnelConfig.StartAction.TRAP || tunnel.held())) {
            initiate(tunnelId);
        }
    }

    /** Negotiates one more CHILD_SA with the tunnel's selectors over its established IKE SA. */
    public ChildSaRequest createChildSa(String tunnelId) {
        Tunnel tunnel = tunnels.get(tunnelId);
        if (tunnel == null) {
            return ChildSaRequest.NO_SUCH_TUNNEL;
        }
        Optional<IkeSa> sa = tunnel.current().filter(IkeSa::isUp);
        sa.ifPresent(s -> s.queue(new ChildSaExchange(s, Optional.empty())));
        return sa.isPresent() ? ChildSaRequest.QUEUED : ChildSaRequest.NOT_ESTABLISHED;
    }

    /**
     * Rekeys the tunnel's IKE SA now, as its rekey timer would (RFC 7296 §2.8); nothing more if a rekey
     * is already queued or under way. False for an unknown tunnel or one without an established IKE SA.
     */
    public boolean rekeyIke(String tunnelId) {
        Optional<IkeSa> sa = Optional.ofNullable(tunnels.get(tunnelId)).flatMap(Tunnel::current)
                .filter(IkeSa::isUp);
        sa.ifPresent(IkeSa::rekey);
        return sa.isPresent();
    }

    /** Sends DELETE for the tunnel's IKE SA (and thereby its CHILD_SAs); false for an unknown tunnel. */
    public boolean terminate(String tunnelId) {
        Tunnel tunnel = tunnels.get(tunnelId);
        if (tunnel == null) {
            return false;
        }
        tunnel.setTerminated(true);
        tunnel.status("terminated");
        tunnel.current().ifPresent(sa -> sa.delete("terminated", true));
        return true;
    }

    /**
     * Managed mode drops a tunnel at run time (tombstone, or before re-adding it with a new configuration): DELETE to
     * the peer as {@link #terminate} does, then forgets the tunnel; its SAs finish the DELETE exchange on their own.
     * Other tunnels are untouched (REQ-MOD-003). False for an unknown tunnel.
     */
    public boolean removeTunnel(String tunnelId) {
        boolean known = terminate(tunnelId);
        tunnels.remove(tunnelId);
        return known;
    }

    public List<TunnelStatus> status() {
        return tunnels.values().stream().map(this::status).toList();
    }

    public Optional<TunnelStatus> status(String tunnelId) {
        return Optional.ofNullable(tunnels.get(tunnelId)).map(this::status);
    }

    private TunnelStatus status(Tunnel tunnel) {
        Optional<IkeSa> sa = tunnel.current();
        Optional<TunnelStatus.IkeSaView> saView = sa.map(s -> new TunnelStatus.IkeSaView(
                String.format("%016x", s.spiI), String.format("%016x", s.spiR), s.originalInitiator,
                s.keys == null ? "" : s.keys.suite().strongSwanProposal(), endpoint(s.local), endpoint(s.remote),
                s.natDetected,
                establishedSince(s.state()),
                s.rekeyAt()));
        List<TunnelStatus.ChildSaView> children = tunnel.children().stream().map(c -> new TunnelStatus.ChildSaView(
                ChildSa.spiHex(c.inboundSpi()), ChildSa.spiHex(c.outboundSpi()), c.suite().strongSwanProposal(),
                c.localSelectors().stream().map(Object::toString).toList(),
                c.remoteSelectors().stream().map(Object::toString).toList(), c.udpEncapsulated(),
                c.establishedAt(), c.rekeyAt(), c.expiresAt())).toList();
        return new TunnelStatus(tunnel.config.id(), sa.map(s -> s.state().name()).orElse("NONE"), saView, children,
                tunnel.negotiationStatus(), tunnel.lastError(), tunnel.dpdView(),
                sa.map(s -> endpoint(s.remote)).orElse(tunnel.config.remoteAddress().getHostAddress()),
                new TunnelStatus.Counters(tunnel.ikeSaEstablished, tunnel.ikeSaRekeyed, tunnel.ikeSaRekeyCollisions,
                        tunnel.childSaEstablished, tunnel.childSaRekeyed, tunnel.retransmits,
                        tunnel.negotiationFailures, tunnel.messagesReceived, tunnel.messagesSent));
    }

    /** The current CHILD_SAs of a tunnel, with keys, for the ESP data plane. */
    public List<ChildSa> childSas(String tunnelId) {
        return Optional.ofNullable(tunnels.get(tunnelId)).map(Tunnel::children).orElse(List.of());
    }

    /** The IKE SA currently carrying a tunnel (package-private: tests drive collisions with it). */
    Optional<IkeSa> currentIkeSa(String tunnelId) {
        return Optional.ofNullable(tunnels.get(tunnelId)).flatMap(Tunnel::current);
    }

    private static Optional<Instant> establishedSince(IkeSaState state) {
        return switch (state) {
            case IkeSaState.Established e -> Optional.of(e.since());
            case IkeSaState.Contending c -> Optional.of(c.since()); // still up while a rekey collision is decided
            default -> Optional.empty();
        };
    }

    private static String endpoint(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    // ---- datagrams ---------------------------------------------------------------------------

    /** An IKE message received on {@code local} (non-ESP marker already removed) from {@code remote}. */
    public void receive(InetSocketAddress local, InetSocketAddress remote, byte[] datagram) {
        IkeMessage message;
        try {
            message = IkeMessage.decode(datagram);
        } catch (IkeDecodeException e) {
            LOG.fine(() -> "dropping malformed IKE datagram from " + remote + ": " + e.getMessage());
            return;
        }
        IkeHeader header = message.header();
        if (header.exchangeType() == ExchangeType.IKE_SA_INIT && !header.response() && header.responderSpi() == 0) {
            IkeSaInitExchange.respond(this, local, remote, datagram, message);
            return;
        }
        long ourSpi = header.fromInitiator() ? header.responderSpi() : header.initiatorSpi();
        if (header.exchangeType() == ExchangeType.IKE_SA_INIT && header.response()) {
            ourSpi = header.initiatorSpi(); // the responder's SPI is new to us
        }
        IkeSa sa = sasBySpi.get(ourSpi);
        if (sa == null || sa.originalInitiator == header.fromInitiator()) {
            return;
        }
        sa.tunnel.messagesReceived++;
        if (header.response()) {
            sa.onResponse(header, datagram, message);
        } else {
            sa.onRequest(header, datagram, message, local, remote);
        }
    }

    void send(IkeSa sa, byte[] datagram) {
        sa.tunnel.messagesSent++;
        transport.send(sa.local, sa.remote, datagram);
    }

    void sendUnprotected(InetSocketAddress local, InetSocketAddress remote, IkeHeader requestHeader,
                         List<NotifyPayload> notifies) {
        IkeHeader header = new IkeHeader(requestHeader.initiatorSpi(), 0, requestHeader.exchangeType(), false, true,
                requestHeader.messageId());
        transport.send(local, remote, new IkeMessage(header, new ArrayList<>(notifies)).encode());
    }

    // ---- SA bookkeeping ----------------------------------------------------------------------

    void register(IkeSa sa) {
        sasBySpi.put(sa.ourSpi(), sa);
    }

    void unregister(IkeSa sa) {
        sasBySpi.remove(sa.ourSpi(), sa);
    }

    /** Finds a half-open responder SA for a retransmitted IKE_SA_INIT. */
    Optional<IkeSa> responderSaFor(InetSocketAddress remote, long initiatorSpi) {
        return sasBySpi.values().stream()
                .filter(sa -> !sa.originalInitiator && sa.spiI == initiatorSpi && sa.remote.getAddress().equals(remote.getAddress()))
                .findFirst();
    }

    Optional<Tunnel> tunnelFor(InetSocketAddress local, InetSocketAddress remote) {
        return tunnels.values().stream()
                .filter(t -> t.config.remoteAddress().equals(remote.getAddress())
                        && (t.config.localAddress().isAnyLocalAddress() || t.config.localAddress().equals(local.getAddress())))
                .findFirst();
    }

    /** Every IKE SA that can still receive, whatever its state (tests check that none lingers). */
    List<IkeSa> registeredSas() {
        return List.copyOf(sasBySpi.values());
    }

    int halfOpenSas() {
        return (int) sasBySpi.values().stream()
                .filter(sa -> !sa.originalInitiator && sa.state() instanceof IkeSaState.Authenticating).count();
    }

    /**
     * A stateless cookie (RFC 7296 §2.6): a version byte and HMAC-SHA256(secret, Ni | IPi | SPIi). The
     * secret lives as long as the engine; version 0 leaves room for rotating it.
     */
    byte[] cookie(byte[] nonceI, InetSocketAddress initiator, long spiI) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(cookieSecret, "HmacSHA256"));
            mac.update(nonceI);
            mac.update(initiator.getAddress().getAddress());
            mac.update(java.nio.ByteBuffer.allocate(8).putLong(spiI).array());
            byte[] hash = mac.doFinal();
            byte[] cookie = new byte[hash.length + 1];
            System.arraycopy(hash, 0, cookie, 1, hash.length);
            return cookie;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("JDK without HmacSHA256", e);
        }
    }

    long newIkeSpi() {
        long spi;
        do {
            spi = random.nextLong();
        } while (spi == 0 || sasBySpi.containsKey(spi));
        return spi;
    }

    int newChildSpi() {
        int spi;
        do {
            // SPIs 0..255 are reserved (RFC 4303 §2.1).
            spi = random.nextInt();
        } while (Integer.compareUnsigned(spi, 256) < 0);
        return spi;
    }

    byte[] newNonce() {
        byte[] nonce = nonces.get();
        if (nonce.length < 16 || nonce.length > 256) {
            throw new IllegalStateException("nonce source gave " + nonce.length + " octets, RFC 7296 §3.9 wants 16..256");
        }
        return nonce.clone();
    }

    private static byte[] randomNonce(SecureRandom random) {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        return nonce;
    }

    /**
     * When to rekey an SA with this lifetime: between 80 % and 90 % of it, at random, so the two ends
     * rarely rekey at the same moment (RFC 7296 §2.8.1 recommends jitter).
     */
    Duration rekeyDelay(Duration lifetime) {
        long millis = lifetime.toMillis();
        return Duration.ofMillis(millis * 8 / 10 + (long) (random.nextDouble() * millis / 10));
    }
}
