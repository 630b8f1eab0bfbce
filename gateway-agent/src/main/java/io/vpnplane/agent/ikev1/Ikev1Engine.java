package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeTransport;
import io.vpnplane.agent.ike.PeerActivity;
import io.vpnplane.agent.ike.Scheduler;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ike.TunnelStatus;
import io.vpnplane.agent.ikev1.message.ExchangeType;
import io.vpnplane.agent.ikev1.message.IsakmpDecodeException;
import io.vpnplane.agent.ikev1.message.IsakmpHeader;
import io.vpnplane.agent.ikev1.message.IsakmpMessage;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The IKEv1 engine (RFC 2409 with RFC 2408 framing): tunnels, their ISAKMP SAs by initiator cookie, and
 * dispatch of received datagrams. It shares the IKEv2 engine's transport, scheduler, settings, CHILD_SA
 * listener (the ESP data plane) and status records.
 *
 * <p>Threading: every method must run on the {@link Scheduler}'s event-loop thread. Nothing from the
 * network throws: malformed or unauthenticated datagrams are dropped.
 */
public final class Ikev1Engine {

    private static final Logger LOG = Logger.getLogger(Ikev1Engine.class.getName());

    private final Scheduler scheduler;
    private final IkeTransport transport;
    private final SecureRandom random;
    private final EngineSettings settings;
    private final ChildSaListener listener;
    private final PeerActivity activity;
    private final Map<String, Ikev1Tunnel> tunnels = new LinkedHashMap<>();
    private final Map<Long, IsakmpSa> sasByInitiatorCookie = new HashMap<>();

    public Ikev1Engine(Scheduler scheduler, IkeTransport transport, SecureRandom random, EngineSettings settings,
                       ChildSaListener listener, PeerActivity activity) {
        this.scheduler = scheduler;
        this.transport = transport;
        this.random = random;
        this.settings = settings;
        this.listener = listener;
        this.activity = activity;
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

    EngineSettings settings() {
        return settings;
    }

    ChildSaListener listener() {
        return listener;
    }

    PeerActivity activity() {
        return activity;
    }

    /**
     * Adds a tunnel; with start action START it initiates at once.
     *
     * @throws IllegalArgumentException for settings IKEv1 cannot carry (AES-GCM in phase 1)
     */
    public void addTunnel(TunnelConfig config, Ikev1Mode mode) {
        if (tunnels.containsKey(config.id())) {
            throw new IllegalArgumentException("duplicate tunnel id " + config.id());
        }
        EncryptionAlgorithm encryption = config.ike().encryption();
        if (encryption.isAead()) {
            throw new IllegalArgumentException("IKEv1 phase 1 needs a CBC cipher, not " + encryption.configName());
        }
        Ikev1Tunnel tunnel = new Ikev1Tunnel(config, mode, this);
        tunnels.put(config.id(), tunnel);
        tunnel.status(config.startAction() == TunnelConfig.StartAction.START ? "connecting" : "waiting for peer");
        if (config.startAction() == TunnelConfig.StartAction.START) {
            initiate(config.id());
        }
    }

    public boolean handles(String tunnelId) {
        return tunnels.containsKey(tunnelId);
    }

    /** Starts phase 1 unless an ISAKMP SA is up or under way; false for an unknown tunnel. */
    public boolean initiate(String tunnelId) {
        Ikev1Tunnel tunnel = tunnels.get(tunnelId);
        if (tunnel == null) {
            return false;
        }
        tunnel.setTerminated(false);
        if (tunnel.current().filter(IsakmpSa::isOpen).isPresent()) {
            tunnel.current().filter(IsakmpSa::isEstablished).ifPresent(
                    sa -> tunnel.missingSelectors().forEach(pair -> sa.startQuickMode(pair, Optional.empty())));
            return true;
        }
        startIsakmpSa(tunnel);
        return true;
    }

    void startIsakmpSa(Ikev1Tunnel tunnel) {
        TunnelConfig config = tunnel.config;
        IsakmpSa sa = new IsakmpSa(this, tunnel, true, newCookie(), 0,
                new InetSocketAddress(config.localAddress(), settings.ikePort()),
                new InetSocketAddress(config.remoteAddress(), settings.ikePort()));
        sasByInitiatorCookie.put(sa.cookieI, sa);
        if (tunnel.current().filter(IsakmpSa::isOpen).isEmpty()) {
            tunnel.setCurrent(sa);
            tunnel.progress("connecting");
        }
        sa.phase1().start();
    }

    /** Traffic for a trapped or held tunnel without SA (REQ-CONN-008). */
    public void acquire(String tunnelId) {
        Ikev1Tunnel tunnel = tunnels.get(tunnelId);
        if (tunnel != null && (tunnel.config.startAction() == TunnelConfig.StartAction.TRAP || tunnel.held())) {
            initiate(tunnelId);
        }
    }

    /** Deletes the tunnel's ESP SAs and ISAKMP SA, telling the peer; false for an unknown tunnel. */
    public boolean terminate(String tunnelId) {
        Ikev1Tunnel tunnel = tunnels.get(tunnelId);
        if (tunnel == null) {
            return false;
        }
        tunnel.setTerminated(true);
        tunnel.status("terminated");
        tunnel.current().ifPresent(sa -> sa.delete("terminated"));
        return true;
    }

    /** Managed mode: DELETE to the peer as {@link #terminate} does, then forget the tunnel (REQ-MOD-003). */
    public boolean removeTunnel(String tunnelId) {
        boolean known = terminate(tunnelId);
        tunnels.remove(tunnelId);
        return known;
    }

    public List<TunnelStatus> status() {
        return tunnels.values().stream().map(Ikev1Tunnel::status).toList();
    }

    public Optional<TunnelStatus> status(String tunnelId) {
        return Optional.ofNullable(tunnels.get(tunnelId)).map(Ikev1Tunnel::status);
    }

    public List<ChildSa> childSas(String tunnelId) {
        return Optional.ofNullable(tunnels.get(tunnelId)).map(Ikev1Tunnel::children).orElse(List.of());
    }

    /** An ISAKMP datagram (non-ESP marker already removed) received on {@code local} from {@code remote}. */
    public void receive(InetSocketAddress local, InetSocketAddress remote, byte[] datagram) {
        IsakmpHeader header;
        try {
            header = IsakmpMessage.decodeHeader(datagram);
        } catch (IsakmpDecodeException e) {
            LOG.fine(() -> "dropping malformed ISAKMP datagram from " + remote + ": " + e.getMessage());
            return;
        }
        IsakmpSa sa = sasByInitiatorCookie.get(header.initiatorCookie());
        if (sa != null && sa.cookieR != 0 && header.responderCookie() != 0 && sa.cookieR != header.responderCookie()) {
            return;
        }
        if (sa == null) {
            if (header.responderCookie() != 0) {
                return;
            }
            Optional<Ikev1Tunnel> tunnel = tunnelFor(local, remote);
            if (tunnel.isEmpty()) {
                LOG.fine(() -> "no IKEv1 tunnel for " + remote);
                return;
            }
            int expected = tunnel.get().mode == Ikev1Mode.AGGRESSIVE ? ExchangeType.AGGRESSIVE : ExchangeType.MAIN;
            if (header.exchangeType() != expected) {
                // REQ-B-005: a main-mode-only tunnel never answers aggressive mode (and vice versa).
                LOG.info(() -> "tunnel " + tunnel.get().config.id() + ": refusing " + ExchangeType.name(header.exchangeType())
                        + ", configured for " + tunnel.get().mode);
                return;
            }
            sa = new IsakmpSa(this, tunnel.get(), false, header.initiatorCookie(), newCookie(), local, remote);
            sasByInitiatorCookie.put(sa.cookieI, sa);
            if (tunnel.get().current().filter(IsakmpSa::isOpen).isEmpty()) {
                tunnel.get().setCurrent(sa);
            }
        }
        sa.receive(local, remote, header, datagram);
    }

    private Optional<Ikev1Tunnel> tunnelFor(InetSocketAddress local, InetSocketAddress remote) {
        return tunnels.values().stream()
                .filter(t -> t.config.remoteAddress().equals(remote.getAddress())
                        && (t.config.localAddress().isAnyLocalAddress() || t.config.localAddress().equals(local.getAddress())))
                .findFirst();
    }

    void unregister(IsakmpSa sa) {
        sasByInitiatorCookie.remove(sa.cookieI, sa);
    }

    private long newCookie() {
        long cookie;
        do {
            cookie = random.nextLong();
        } while (cookie == 0 || sasByInitiatorCookie.containsKey(cookie));
        return cookie;
    }

    /** A fresh inbound ESP SPI, never below 256 (RFC 4303 §2.1 reserves 1..255). */
    int newEspSpi() {
        int spi;
        do {
            spi = random.nextInt();
        } while (Integer.compareUnsigned(spi, 256) < 0);
        return spi;
    }
}
