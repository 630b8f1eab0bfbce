package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.crypto.CbcCipher;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.Scheduler;
import io.vpnplane.agent.ikev1.Ikev1Attributes.Phase1Suite;
import io.vpnplane.agent.ikev1.message.DeletePayload;
import io.vpnplane.agent.ikev1.message.ExchangeType;
import io.vpnplane.agent.ikev1.message.HashPayload;
import io.vpnplane.agent.ikev1.message.IsakmpDecodeException;
import io.vpnplane.agent.ikev1.message.IsakmpHeader;
import io.vpnplane.agent.ikev1.message.IsakmpMessage;
import io.vpnplane.agent.ikev1.message.NotificationPayload;
import io.vpnplane.agent.ikev1.message.Payload;
import io.vpnplane.agent.ikev1.message.Proposal;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One ISAKMP SA (phase 1) and the phase-2 exchanges running under it. Everything runs on the engine's
 * event-loop thread.
 */
final class IsakmpSa {

    private static final Logger LOG = Logger.getLogger(IsakmpSa.class.getName());

    final Ikev1Engine engine;
    final Ikev1Tunnel tunnel;
    final boolean initiator;
    final long cookieI;
    long cookieR;
    InetSocketAddress local;
    InetSocketAddress remote;
    Phase1Suite suite;
    Ikev1KeySchedule keys;
    CbcIvChain phase1Chain;
    boolean natTraversal;
    boolean natDetected;
    boolean peerDpd;
    boolean initialContact;
    private CbcCipher cipher;
    private byte[] phase1LastBlock;
    private IsakmpSaState state = new IsakmpSaState.Negotiating();
    private final Phase1Exchange phase1;
    private final Map<Long, QuickModeExchange> quickModes = new HashMap<>();
    private final List<Scheduler.Timer> timers = new ArrayList<>();
    private int dpdSequence;

    IsakmpSa(Ikev1Engine engine, Ikev1Tunnel tunnel, boolean initiator, long cookieI, long cookieR,
             InetSocketAddress local, InetSocketAddress remote) {
        this.engine = engine;
        this.tunnel = tunnel;
        this.initiator = initiator;
        this.cookieI = cookieI;
        this.cookieR = cookieR;
        this.local = local;
        this.remote = remote;
        this.dpdSequence = engine.random().nextInt() & 0x7fffffff;
        this.phase1 = tunnel.mode == Ikev1Mode.AGGRESSIVE ? new AggressiveModeExchange(this) : new MainModeExchange(this);
        if (!initiator) {
            // A responder never retransmits on its own: forget a peer that stops half-way (or spoofs message 1).
            timers.add(engine.scheduler().schedule(engine.settings().halfOpenTimeout(), () -> {
                if (!isEstablished()) {
                    close("half-open timeout", true, false);
                }
            }));
        }
    }

    IsakmpSaState state() {
        return state;
    }

    boolean isOpen() {
        return !(state instanceof IsakmpSaState.Closed);
    }

    boolean isEstablished() {
        return state instanceof IsakmpSaState.Established;
    }

    Phase1Exchange phase1() {
        return phase1;
    }

    void send(byte[] datagram) {
        tunnel.messagesSent++;
        engine.transport().send(local, remote, datagram);
    }

    void dropped(String why) {
        LOG.fine(() -> "tunnel " + tunnel.config.id() + ": dropped " + why);
    }

    // ---- phase 1 ----------------------------------------------------------------------------------

    void installKeys(Ikev1KeySchedule derived, byte[] publicI, byte[] publicR) {
        keys = derived;
        cipher = (CbcCipher) derived.encryption().newCipher(derived.encryptionKey());
        phase1Chain = new CbcIvChain(cipher, derived.phase1Iv(publicI, publicR));
    }

    void authenticating() {
        state = new IsakmpSaState.Authenticating();
    }

    /** RFC 3947 §4: from main mode message 5 on, both ends talk on the NAT-T port. */
    void floatToNatTraversalPort() {
        int port = engine.settings().natTraversalPort();
        local = new InetSocketAddress(local.getAddress(), port);
        remote = new InetSocketAddress(remote.getAddress(), port);
    }

    /** Phase 1 done: the SA carries phase-2 exchanges; the initiator starts the first quick mode. */
    void phase1Complete() {
        phase1LastBlock = phase1Chain.currentIv();
        state = new IsakmpSaState.Established(engine.scheduler().now());
        tunnel.ikeSaEstablished++;
        tunnel.progress("phase 1 negotiation succeeded");
        LOG.info(() -> "tunnel " + tunnel.config.id() + ": ISAKMP SA established (" + suite.description()
                + (natDetected ? ", UDP-encapsulated" : "") + ")");
        if (!tunnel.adopt(this)) {
            delete("duplicate of the peer's simultaneous ISAKMP SA");
            return;
        }
        tunnel.phase1Established(this);
        Duration lifetime = suite.lifetime();
        timers.add(engine.scheduler().schedule(lifetime, () -> delete("lifetime expired")));
        if (initiator) {
            timers.add(engine.scheduler().schedule(Ikev1Tunnel.rekeyMargin(lifetime), () -> tunnel.reauthenticate(this)));
            // IPsec SAs outlive a reauthenticated ISAKMP SA: only selector pairs without one need quick mode.
            tunnel.missingSelectors().forEach(pair -> startQuickMode(pair, Optional.empty()));
        }
    }

    // ---- datagrams --------------------------------------------------------------------------------

    void receive(InetSocketAddress local, InetSocketAddress remote, IsakmpHeader header, byte[] datagram) {
        tunnel.messagesReceived++;
        switch (header.exchangeType()) {
            case ExchangeType.MAIN, ExchangeType.AGGRESSIVE -> phase1.receive(local, remote, header, datagram);
            case ExchangeType.QUICK -> receiveQuickMode(header, datagram);
            case ExchangeType.INFORMATIONAL -> receiveInformational(header, datagram);
            default -> dropped("exchange type " + header.exchangeType());
        }
    }

    private void receiveQuickMode(IsakmpHeader header, byte[] datagram) {
        if (!isEstablished() || !header.encrypted()) {
            dropped("quick mode outside an established ISAKMP SA");
            return;
        }
        QuickModeExchange exchange = quickModes.get(header.messageId());
        if (exchange == null) {
            exchange = QuickModeExchange.responder(this, header.messageId());
            quickModes.put(header.messageId(), exchange);
        }
        exchange.receive(header, datagram);
    }

    /** A new CBC chain for a phase-2 exchange: IV = hash(last phase-1 block | M-ID). */
    CbcIvChain phase2Chain(long messageId) {
        byte[] mid = ByteBuffer.allocate(4).putInt((int) messageId).array();
        return new CbcIvChain(cipher, keys.phase2Iv(phase1LastBlock, mid));
    }

    long newMessageId() {
        long mid;
        do {
            mid = engine.random().nextInt() & 0xffffffffL;
        } while (mid == 0 || quickModes.containsKey(mid));
        return mid;
    }

    void startQuickMode(SelectorPair selectors, Optional<ChildSa> replacing) {
        long mid = newMessageId();
        QuickModeExchange exchange = QuickModeExchange.initiator(this, mid, selectors, replacing);
        quickModes.put(mid, exchange);
        exchange.start();
    }

    void quickModeFinished(long messageId) {
        QuickModeExchange done = quickModes.get(messageId);
        // Keep the finished exchange a little, so that a retransmitted last message is still answered.
        timers.add(engine.scheduler().schedule(engine.settings().halfOpenTimeout(), () -> quickModes.remove(messageId, done)));
    }

    // ---- informational ----------------------------------------------------------------------------

    /** Sends a protected informational exchange: HASH(1) = prf(SKEYID_a, M-ID | N/D payloads). */
    void sendInformational(List<Payload> payloads) {
        if (keys == null || phase1LastBlock == null) {
            return;
        }
        long mid = newMessageId();
        IsakmpHeader header = new IsakmpHeader(cookieI, cookieR, ExchangeType.INFORMATIONAL,
                IsakmpHeader.FLAG_ENCRYPTION, mid);
        byte[] hash = keys.hash1(header.messageIdBytes(), IsakmpMessage.encodeChain(payloads));
        List<Payload> all = new ArrayList<>();
        all.add(new HashPayload(hash));
        all.addAll(payloads);
        send(new IsakmpMessage(header, all).encode(phase2Chain(mid)));
    }

    /** An unprotected error notify during phase 1, before keys exist. */
    void sendPlainNotify(int notifyType) {
        IsakmpHeader header = new IsakmpHeader(cookieI, cookieR, ExchangeType.INFORMATIONAL, 0, 0);
        send(new IsakmpMessage(header, List.of(NotificationPayload.of(Proposal.PROTO_ISAKMP, cookieBytes(),
                notifyType, new byte[0]))).encode());
    }

    private void receiveInformational(IsakmpHeader header, byte[] datagram) {
        if (!header.encrypted()) {
            receivePlainInformational(datagram);
            return;
        }
        if (phase1LastBlock == null) {
            dropped("protected informational before phase 1 completed");
            return;
        }
        IsakmpMessage.Received received;
        try {
            received = IsakmpMessage.decode(datagram, phase2Chain(header.messageId()));
        } catch (IsakmpDecodeException e) {
            dropped("undecryptable informational: " + e.getMessage());
            return;
        }
        Optional<HashPayload> hash = received.message().first(HashPayload.class);
        if (hash.isEmpty() || received.payloads().getFirst() != hash.get()
                || !MessageDigest.isEqual(hash.get().data(),
                        keys.hash1(header.messageIdBytes(), received.afterFirstPayload()))) {
            dropped("informational with a wrong HASH");
            return;
        }
        tunnel.heardFromPeer(engine.scheduler().now());
        for (Payload payload : received.payloads()) {
            switch (payload) {
                case NotificationPayload n when n.notifyType() == NotificationPayload.R_U_THERE && n.data().length == 4 ->
                        sendInformational(List.of(NotificationPayload.dpd(NotificationPayload.R_U_THERE_ACK, cookieI,
                                cookieR, ByteBuffer.wrap(n.data()).getInt())));
                case NotificationPayload n when n.notifyType() == NotificationPayload.R_U_THERE_ACK -> { }
                case NotificationPayload n when n.isError() && !isEstablished() ->
                        fail("phase 1 negotiation failed: " + NotificationPayload.describe(n.notifyType()));
                case NotificationPayload n when n.isError() -> quickModeRefused(n.notifyType());
                case DeletePayload d -> peerDeleted(d);
                default -> { }
            }
        }
    }

    /** The peer refused our quick mode (e.g. NO_PROPOSAL_CHOSEN): stop retransmitting and say why. */
    private void quickModeRefused(int notifyType) {
        List<QuickModeExchange> waiting = quickModes.values().stream().filter(QuickModeExchange::awaitsAnswer).toList();
        waiting.forEach(q -> q.refused(NotificationPayload.describe(notifyType)));
        if (waiting.isEmpty()) {
            LOG.info(() -> "tunnel " + tunnel.config.id() + ": peer reports " + NotificationPayload.describe(notifyType));
        }
    }

    private void receivePlainInformational(byte[] datagram) {
        if (isEstablished()) {
            return; // after phase 1 an unprotected notify could be forged by anyone on the path
        }
        try {
            IsakmpMessage message = IsakmpMessage.decode(datagram).message();
            message.first(NotificationPayload.class).filter(NotificationPayload::isError).ifPresent(n ->
                    fail("phase 1 negotiation failed: " + NotificationPayload.describe(n.notifyType())));
        } catch (IsakmpDecodeException e) {
            dropped("malformed informational: " + e.getMessage());
        }
    }

    private void peerDeleted(DeletePayload delete) {
        if (delete.protocolId() == Proposal.PROTO_ISAKMP) {
            boolean ours = delete.spiSize() == 16
                    && delete.spis().stream().anyMatch(spi -> ByteBuffer.wrap(spi).getLong() == cookieI);
            if (ours) {
                LOG.info(() -> "tunnel " + tunnel.config.id() + ": peer deleted the ISAKMP SA");
                close("deleted by peer", true, false);
            }
        } else if (delete.protocolId() == Proposal.PROTO_ESP && delete.spiSize() == 4) {
            delete.spis().forEach(spi -> tunnel.peerDeletedChild(ByteBuffer.wrap(spi).getInt()));
        }
    }

    /** RFC 3706 R-U-THERE, with a fresh sequence number. */
    void sendLivenessCheck() {
        if (isEstablished()) {
            dpdSequence = (dpdSequence + 1) & 0x7fffffff;
            sendInformational(List.of(NotificationPayload.dpd(NotificationPayload.R_U_THERE, cookieI, cookieR,
                    dpdSequence)));
        }
    }

    byte[] cookieBytes() {
        return ByteBuffer.allocate(16).putLong(cookieI).putLong(cookieR).array();
    }

    // ---- end of life ------------------------------------------------------------------------------

    /** A request went unanswered through all retransmissions. */
    void unanswered(String exchange) {
        if (initiator && state instanceof IsakmpSaState.Authenticating) {
            // The peer answered in clear but not our encrypted identity: it could not decrypt it (RFC 2409
            // responders drop such messages silently), which with equal proposals means another PSK.
            fail("phase 1 negotiation failed: AUTHENTICATION_FAILED (no answer to our encrypted identity: "
                    + "pre-shared key mismatch)");
        } else if (!isEstablished()) {
            fail("phase 1 negotiation failed: peer not responding to " + exchange);
        } else {
            tunnel.failed("phase 2 negotiation failed: peer not responding to " + exchange);
        }
    }

    void fail(String reason) {
        tunnel.failed(reason);
        close(reason, true, tunnel.config.startAction() == io.vpnplane.agent.ike.TunnelConfig.StartAction.START);
    }

    /** Tells the peer (DELETE for our ESP SAs and the ISAKMP SA), then closes. */
    void delete(String reason) {
        if (isEstablished()) {
            List<byte[]> spis = tunnel.children().stream()
                    .map(c -> ByteBuffer.allocate(4).putInt(c.inboundSpi()).array()).toList();
            if (!spis.isEmpty() && tunnel.current().orElse(null) == this) {
                sendInformational(List.of(DeletePayload.esp(spis)));
            }
            sendInformational(List.of(DeletePayload.isakmp(cookieI, cookieR)));
        }
        close(reason, tunnel.current().orElse(null) == this, false);
    }

    void close(String reason, boolean tunnelDown, boolean restart) {
        if (!isOpen()) {
            return;
        }
        state = new IsakmpSaState.Closed(reason);
        phase1.stop();
        quickModes.values().forEach(QuickModeExchange::stop);
        quickModes.clear();
        timers.forEach(Scheduler.Timer::cancel);
        timers.clear();
        engine.unregister(this);
        if (tunnelDown) {
            tunnel.isakmpSaGone(this, restart);
        }
    }

    /** The ISAKMP SA was replaced by a reauthenticated one: tell the peer and forget it. */
    void replaced() {
        sendInformational(List.of(DeletePayload.isakmp(cookieI, cookieR)));
        close("reauthenticated", false, false);
    }
}
