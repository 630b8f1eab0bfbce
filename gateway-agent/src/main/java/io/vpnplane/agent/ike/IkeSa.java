package io.vpnplane.agent.ike;

import io.vpnplane.agent.ike.message.DeletePayload;
import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IkeDecodeException;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.IkeMessage;
import io.vpnplane.agent.ike.message.NotifyPayload;
import io.vpnplane.agent.ike.message.NotifyType;
import io.vpnplane.agent.ike.message.Payload;
import io.vpnplane.agent.ike.message.SecurityAssociationPayload;
import io.vpnplane.agent.ike.message.ProtocolId;
import io.vpnplane.agent.dpd.DpdAction;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One IKE SA: its keys, the request/response machinery (message-ID window 1 both ways, retransmission
 * with back-off, the cached last response for duplicate requests) and its own timers (rekey,
 * liveness, NAT keepalive). Runs on the engine's event-loop thread only.
 */
final class IkeSa {

    private static final Logger LOG = Logger.getLogger(IkeSa.class.getName());

    final IkeEngine engine;
    final Tunnel tunnel;
    final boolean originalInitiator;
    long spiI;
    long spiR;
    private IkeSaState state;
    IkeSaProtection keys;
    byte[] nonceI;
    byte[] nonceR;
    byte[] initRequest;
    byte[] initResponse;
    InetSocketAddress local;
    InetSocketAddress remote;
    boolean natDetected;
    private Instant rekeyAt;
    /** While {@link IkeSaState.Contending}: the new SA of the peer's crossed rekey, until it is decided. */
    private Optional<IkeSa> candidate = Optional.empty();

    private record Outstanding(Exchange exchange, int messageId, byte[] datagram, int attempt, Scheduler.Timer timer) {
    }

    private int nextMessageId;
    private Outstanding outstanding;
    private final Deque<Exchange> queue = new ArrayDeque<>();
    private int expectedRequestId;
    private byte[] cachedResponse;
    private final List<Scheduler.Timer> timers = new ArrayList<>();

    IkeSa(IkeEngine engine, Tunnel tunnel, boolean originalInitiator, long spiI, long spiR,
          InetSocketAddress local, InetSocketAddress remote) {
        this.engine = engine;
        this.tunnel = tunnel;
        this.originalInitiator = originalInitiator;
        this.spiI = spiI;
        this.spiR = spiR;
        this.local = local;
        this.remote = remote;
        this.state = originalInitiator ? new IkeSaState.Connecting() : new IkeSaState.Authenticating();
    }

    long ourSpi() {
        return originalInitiator ? spiI : spiR;
    }

    IkeSaState state() {
        return state;
    }

    boolean isEstablished() {
        return state instanceof IkeSaState.Established;
    }

    /** Established, or contending a rekey collision: either way still the SA that carries the tunnel. */
    boolean isUp() {
        return state instanceof IkeSaState.Established || state instanceof IkeSaState.Contending;
    }

    boolean isOpen() {
        return !(state instanceof IkeSaState.Closed);
    }

    Optional<Instant> rekeyAt() {
        return Optional.ofNullable(rekeyAt);
    }

    // ---- requests we send -------------------------------------------------------------------

    void queue(Exchange exchange) {
        if (!isOpen()) {
            return;
        }
        queue.addLast(exchange);
        sendNext();
    }

    boolean busyWith(Class<? extends Exchange> type) {
        return (outstanding != null && type.isInstance(outstanding.exchange))
                || queue.stream().anyMatch(type::isInstance);
    }

    /** The request we are waiting for an answer to, if any. */
    Optional<Exchange> outstandingExchange() {
        return Optional.ofNullable(outstanding).map(Outstanding::exchange);
    }

    boolean idle() {
        return outstanding == null && queue.isEmpty();
    }

    private void sendNext() {
        if (outstanding != null || queue.isEmpty() || !isOpen()) {
            return;
        }
        Exchange exchange = queue.pollFirst();
        int messageId = nextMessageId;
        IkeHeader header = new IkeHeader(spiI, spiR, exchange.type(), originalInitiator, false, messageId);
        byte[] datagram;
        if (exchange.type() == ExchangeType.IKE_SA_INIT) {
            datagram = new IkeMessage(header, exchange.request()).encode();
            initRequest = datagram;
        } else {
            datagram = keys.protect(header, exchange.request(), originalInitiator);
        }
        transmit(new Outstanding(exchange, messageId, datagram, 0, null));
    }

    private void transmit(Outstanding request) {
        engine.send(this, request.datagram);
        Scheduler.Timer timer = engine.scheduler().schedule(engine.settings().timeout(request.attempt),
                () -> retransmit(request));
        outstanding = new Outstanding(request.exchange, request.messageId, request.datagram, request.attempt, timer);
    }

    private void retransmit(Outstanding request) {
        if (outstanding == null || outstanding.messageId != request.messageId || outstanding.exchange != request.exchange
                || !isOpen()) {
            return;
        }
        if (request.attempt >= engine.settings().maxRetransmits() && request.exchange.retransmitsUntilAnswered()) {
            // The peer may have processed this request and lost only its answer: giving the message
            // ID to another request would get that cached answer replayed for it (RFC 7296 §2.2).
            tunnel.retransmits++;
            transmit(new Outstanding(request.exchange, request.messageId, request.datagram, request.attempt, null));
            return;
        }
        if (request.attempt >= engine.settings().maxRetransmits()) {
            outstanding = null;
            request.exchange.onGiveUp(this);
            return;
        }
        tunnel.retransmits++;
        transmit(new Outstanding(request.exchange, request.messageId, request.datagram, request.attempt + 1, null));
    }

    /** Starts IKE_SA_INIT over (after INVALID_KE_PAYLOAD or COOKIE): message ID 0 again. */
    void restartInit(Exchange init) {
        if (outstanding != null && outstanding.timer != null) {
            outstanding.timer.cancel();
        }
        outstanding = null;
        nextMessageId = 0;
        queue.addFirst(init);
        sendNext();
    }

    void onResponse(IkeHeader header, byte[] datagram, IkeMessage message) {
        if (outstanding == null || header.messageId() != outstanding.messageId
                || header.exchangeType() != outstanding.exchange.type()) {
            return;
        }
        List<Payload> payloads;
        if (header.exchangeType() == ExchangeType.IKE_SA_INIT) {
            payloads = message.payloads();
        } else {
            try {
                payloads = keys.unprotect(datagram, message, !originalInitiator);
            } catch (IkeDecodeException e) {
                LOG.fine(() -> "dropping undecryptable response on " + tunnel.config.id() + ": " + e.getMessage());
                return;
            }
        }
        tunnel.heardFromPeer(engine.scheduler().now());
        Outstanding done = outstanding;
        done.timer.cancel();
        outstanding = null;
        nextMessageId++;
        done.exchange.onResponse(header, datagram, payloads);
        sendNext();
    }

    /** Responder after IKE_SA_INIT: message 0 was that exchange, IKE_AUTH comes as 1. */
    void expectFirstRequest() {
        expectedRequestId = 1;
    }

    // ---- requests the peer sends ------------------------------------------------------------

    void onRequest(IkeHeader header, byte[] datagram, IkeMessage message, InetSocketAddress at, InetSocketAddress from) {
        if (header.messageId() == expectedRequestId - 1 && cachedResponse != null) {
            engine.send(this, cachedResponse); // a retransmitted request: replay, never reprocess
            return;
        }
        if (header.messageId() != expectedRequestId || keys == null) {
            return;
        }
        List<Payload> response;
        try {
            List<Payload> payloads = keys.unprotect(datagram, message, !originalInitiator);
            tunnel.heardFromPeer(engine.scheduler().now());
            // The peer may have moved to port 4500 (NAT-T) or behind a new NAT mapping.
            local = at;
            remote = from;
            response = dispatch(header.exchangeType(), payloads);
        } catch (IkeDecodeException e) {
            if (e.kind() == IkeDecodeException.Kind.INTEGRITY_CHECK_FAILED) {
                return; // RFC 7296 §2.21.2: silently drop what does not authenticate
            }
            response = e.kind() == IkeDecodeException.Kind.UNSUPPORTED_CRITICAL_PAYLOAD
                    ? List.of(NotifyPayload.of(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, new byte[] {(byte) e.payloadType()}))
                    : List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        IkeHeader responseHeader = new IkeHeader(spiI, spiR, header.exchangeType(), originalInitiator, true,
                header.messageId());
        cachedResponse = keys.protect(responseHeader, response, originalInitiator);
        expectedRequestId++;
        engine.send(this, cachedResponse);
        afterResponse.forEach(Runnable::run);
        afterResponse.clear();
    }

    /** Work that must wait until our response is on the wire (e.g. closing after a DELETE). */
    private final List<Runnable> afterResponse = new ArrayList<>();

    void afterResponse(Runnable action) {
        afterResponse.add(action);
    }

    private List<Payload> dispatch(ExchangeType type, List<Payload> payloads) {
        return switch (type) {
            case IKE_AUTH -> IkeAuthExchange.respond(this, payloads);
            case CREATE_CHILD_SA -> {
                boolean ikeRekey = payloads.stream().anyMatch(p -> p instanceof SecurityAssociationPayload sa
                        && !sa.proposals().isEmpty() && sa.proposals().getFirst().protocolId() == ProtocolId.IKE);
                if (ikeRekey) {
                    yield IkeSaRekeyExchange.respond(this, payloads);
                }
                yield isEstablished() ? ChildSaExchange.respond(this, payloads)
                        : List.of(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE));
            }
            case INFORMATIONAL -> InformationalExchange.respond(this, payloads);
            case IKE_SA_INIT -> List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        };
    }

    // ---- life cycle -------------------------------------------------------------------------

    void established() {
        state = new IkeSaState.Established(engine.scheduler().now());
        Duration lifetime = tunnel.config.ike().lifetime();
        Duration untilRekey = engine.rekeyDelay(lifetime);
        rekeyAt = engine.scheduler().now().plus(untilRekey);
        timers.add(engine.scheduler().schedule(untilRekey, this::rekey));
        timers.add(engine.scheduler().schedule(lifetime, this::expire));
        tunnel.ikeSaEstablished(this);
        if (natDetected) {
            timers.add(engine.scheduler().schedule(engine.settings().natKeepaliveInterval(), this::natKeepalive));
        }
    }

    /** Rekeys this IKE SA (its timer, a retry, or a command) unless a rekey is already queued or under way. */
    void rekey() {
        if (isEstablished() && tunnel.current().orElse(null) == this && !busyWith(IkeSaRekeyExchange.class)) {
            queue(new IkeSaRekeyExchange(this));
        }
    }

    /** The hard lifetime passed without a successful rekey: delete it and negotiate afresh. */
    void expire() {
        if (isUp() && tunnel.current().orElse(null) == this) {
            tunnel.failed("IKE SA lifetime expired without rekey");
            delete("lifetime expired", true,
                    tunnel.config.startAction() != TunnelConfig.StartAction.RESPOND_ONLY && !tunnel.terminated());
        }
    }

    /** A collision or TEMPORARY_FAILURE: try again a little later, at a random moment. */
    void retryLater(Runnable action) {
        Duration delay = Duration.ofMillis(1000 + engine.random().nextInt(4000));
        timers.add(engine.scheduler().schedule(delay, () -> {
            if (isEstablished()) {
                action.run();
            }
        }));
    }

    /**
     * An empty INFORMATIONAL (RFC 7296 §2.4). Its answer counts as hearing from the peer; when it is
     * never answered the DeadPeerDetector, not the retransmission budget, decides (REQ-TUN-006).
     */
    void sendLivenessCheck() {
        if (isEstablished() && !busyWith(InformationalExchange.class)) {
            queue(InformationalExchange.livenessCheck(this));
        }
    }

    /** DPD timeout: the peer is gone, so no DELETE is sent; the tunnel applies the configured action. */
    void declaredDead(DpdAction action, Duration silentFor) {
        tunnel.failed("peer dead: nothing heard for " + silentFor.toSeconds() + " s (DPD timeout), action "
                + action.name().toLowerCase(java.util.Locale.ROOT));
        boolean restart = action == DpdAction.RESTART
                && tunnel.config.startAction() != TunnelConfig.StartAction.RESPOND_ONLY;
        close("peer dead", true, restart);
    }

    private void natKeepalive() {
        if (isOpen()) {
            engine.transport().sendNatKeepalive(local, remote);
            timers.add(engine.scheduler().schedule(engine.settings().natKeepaliveInterval(), this::natKeepalive));
        }
    }

    void rekeyChild(ChildSa child) {
        // While contending, the request waits behind our IKE SA rekey and moves to the surviving SA.
        if (isUp() && tunnel.children().contains(child)) {
            queue(new ChildSaExchange(this, Optional.of(child)));
        }
    }

    /** Sends DELETE for this IKE SA and closes it when answered (or when the peer does not answer). */
    void delete(String reason, boolean tunnelDown) {
        delete(reason, tunnelDown, false);
    }

    void delete(String reason, boolean tunnelDown, boolean restart) {
        if (!isOpen() || state instanceof IkeSaState.Deleting) {
            return;
        }
        if (keys == null || !(isUp() || state instanceof IkeSaState.Rekeyed)) {
            close(reason, tunnelDown, restart);
            return;
        }
        if (isUp()) {
            // The peer's new SA from a crossed rekey must not outlive the SA it was to replace.
            candidate().ifPresent(c -> {
                c.markRekeyed();
                c.delete(reason, false);
            });
            candidate = Optional.empty();
            state = new IkeSaState.Deleting();
        }
        queue.clear();
        queue(new InformationalExchange(this, List.of(DeletePayload.ikeSa()),
                response -> close(reason, tunnelDown, restart), () -> close(reason, tunnelDown, restart)));
    }

    /**
     * The SA was replaced by a rekeyed one, or is the redundant one of a rekey collision; only its
     * DELETE exchange remains.
     */
    void markRekeyed() {
        state = new IkeSaState.Rekeyed();
        candidate = Optional.empty();
        cancelTimers();
        // Normally the DELETE for it comes (or goes) within a round trip; never let it linger.
        timers.add(engine.scheduler().schedule(engine.settings().halfOpenTimeout(),
                () -> close("rekeyed", false, false)));
    }

    void peerDead(String reason) {
        if (!isUp()) {
            fail("phase 1 negotiation failed: " + reason);
            return;
        }
        tunnel.failed("peer dead: " + reason);
        // REQ-TUN-006: a dead peer means delete everything and negotiate again (unless response-only).
        close(reason, true, tunnel.config.startAction() != TunnelConfig.StartAction.RESPOND_ONLY);
    }

    void fail(String reason) {
        tunnel.failed(reason);
        close(reason, true, tunnel.config.startAction() == TunnelConfig.StartAction.START);
    }

    void close(String reason, boolean tunnelDown, boolean restart) {
        if (!isOpen()) {
            return;
        }
        state = new IkeSaState.Closed(reason);
        candidate.filter(c -> c.state instanceof IkeSaState.Candidate)
                .ifPresent(c -> c.close("rekey collision abandoned: " + reason, false, false));
        candidate = Optional.empty();
        cancelTimers();
        if (outstanding != null && outstanding.timer != null) {
            outstanding.timer.cancel();
        }
        outstanding = null;
        queue.clear();
        engine.unregister(this);
        if (tunnelDown) {
            tunnel.ikeSaGone(this, restart);
        }
    }

    // ---- IKE SA rekey collisions (RFC 7296 §2.8.2) --------------------------------------------

    /** The peer's rekey crossed ours: {@code peers} is the SA it creates, kept aside until decided. */
    void contend(IkeSa peers) {
        peers.state = new IkeSaState.Candidate();
        candidate = Optional.of(peers);
        state = new IkeSaState.Contending(state instanceof IkeSaState.Established e ? e.since()
                : engine.scheduler().now());
    }

    /** The peer's SA of the crossed rekey, while it is still undecided and open. */
    Optional<IkeSa> candidate() {
        return candidate.filter(c -> c.state instanceof IkeSaState.Candidate);
    }

    /** The collision ended without a new SA (our rekey failed, the peer had deleted its SA): carry on. */
    void endContention() {
        if (state instanceof IkeSaState.Contending c) {
            state = new IkeSaState.Established(c.since());
            candidate = Optional.empty();
        }
    }

    /**
     * Requests still waiting here go to the SA that replaces this one: CHILD_SA work and INFORMATIONALs
     * are re-created there, anything bound to this SA (a rekey of it) is dropped.
     */
    void handOverQueue(IkeSa replacement) {
        List<Exchange> waiting = List.copyOf(queue);
        queue.clear();
        waiting.forEach(exchange -> exchange.movedTo(replacement).ifPresent(replacement::queue));
    }

    private void cancelTimers() {
        timers.forEach(Scheduler.Timer::cancel);
        timers.clear();
    }

    void addTimer(Scheduler.Timer timer) {
        timers.add(timer);
    }
}
