package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.dpd.DeadPeerDetector;
import io.vpnplane.agent.dpd.DeadPeerHandler;
import io.vpnplane.agent.dpd.DpdAction;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.Scheduler;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ike.TunnelStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The runtime side of one IKEv1 tunnel: its current ISAKMP SA, the ESP SAs (which outlive a
 * reauthenticated ISAKMP SA), their rekey/expiry timers, dead peer detection, status text and counters.
 * The status texts are the IKEv2 engine's (REQ-TUN-012), so the admin API reads the same for both.
 */
final class Ikev1Tunnel {

    private static final Duration MIN_REKEY_SLACK = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(Ikev1Tunnel.class.getName());
    static final String PHASE2_SUCCEEDED = "phase 2 negotiation succeeded";

    final TunnelConfig config;
    final Ikev1Mode mode;
    private final Ikev1Engine engine;
    private Optional<IsakmpSa> current = Optional.empty();
    private final List<ChildSa> children = new ArrayList<>();
    private final Map<Integer, List<Scheduler.Timer>> childTimers = new HashMap<>();
    private final Map<Integer, SelectorPair> childSelectors = new HashMap<>();
    private String negotiationStatus = "not started";
    private Optional<String> lastError = Optional.empty();
    private Scheduler.Timer retryTimer;
    private boolean terminated;
    private boolean held;
    private Instant lastIkeReceived = Instant.EPOCH;
    private final Optional<DeadPeerDetector> dpd;

    long ikeSaEstablished;
    long ikeSaRekeyed;
    long childSaEstablished;
    long childSaRekeyed;
    long retransmits;
    long negotiationFailures;
    long messagesReceived;
    long messagesSent;

    Ikev1Tunnel(TunnelConfig config, Ikev1Mode mode, Ikev1Engine engine) {
        this.config = config;
        this.mode = mode;
        this.engine = engine;
        this.dpd = config.dpd().enabled()
                ? Optional.of(new DeadPeerDetector(config.id(), config.dpd().policy(), engine.scheduler(),
                        this::lastHeard, DeadPeerHandler.of(() -> current.ifPresent(IsakmpSa::sendLivenessCheck),
                                this::peerDeclaredDead), event -> LOG.info(() -> "tunnel " + config.id() + ": " + event)))
                : Optional.empty();
    }

    /**
     * Rekey (or reauthenticate) at 90 % of a lifetime, but at least 2 s before it ends (not before half of it), so the
     * new SA is up before the old one expires even on a busy host with short lifetimes: an ISAKMP SA that expires
     * first takes its IPsec SAs with it.
     */
    static Duration rekeyMargin(Duration lifetime) {
        Duration ninetyPercent = lifetime.multipliedBy(9).dividedBy(10);
        Duration beforeEnd = lifetime.minus(MIN_REKEY_SLACK);
        Duration earlier = ninetyPercent.compareTo(beforeEnd) < 0 ? ninetyPercent : beforeEnd;
        Duration half = lifetime.dividedBy(2);
        return earlier.compareTo(half) > 0 ? earlier : half;
    }

    void heardFromPeer(Instant at) {
        lastIkeReceived = at;
    }

    private Instant lastHeard() {
        Instant esp = engine.activity().lastEspReceived(config.id()).orElse(Instant.EPOCH);
        return esp.isAfter(lastIkeReceived) ? esp : lastIkeReceived;
    }

    private void peerDeclaredDead(DpdAction action) {
        held = action == DpdAction.HOLD;
        failed("peer dead: no answer to R-U-THERE");
        current.filter(IsakmpSa::isOpen).ifPresent(sa -> sa.close("peer dead", true,
                action == DpdAction.RESTART && config.startAction() != TunnelConfig.StartAction.RESPOND_ONLY));
        if (action != DpdAction.RESTART) {
            status(action == DpdAction.HOLD ? "peer dead: held until traffic or the peer initiates"
                    : "peer dead: cleared");
        }
    }

    boolean held() {
        return held;
    }

    Optional<IsakmpSa> current() {
        return current;
    }

    void setCurrent(IsakmpSa sa) {
        current = Optional.of(sa);
    }

    /**
     * Makes a freshly authenticated ISAKMP SA the tunnel's carrier. The SA it replaces (reauthentication
     * or the peer starting over) is deleted; ESP SAs stay, since in IKEv1 they are independent of it.
     * Of two SAs both ends started at once, both keep the one whose initiator has the lower address.
     */
    boolean adopt(IsakmpSa candidate) {
        Optional<IsakmpSa> other = current.filter(o -> o != candidate && o.isOpen());
        if (other.isPresent()) {
            IsakmpSa previous = other.get();
            boolean duplicate = previous.initiator != candidate.initiator && !previous.isEstablished();
            if (duplicate && java.util.Arrays.compareUnsigned(initiatorAddress(candidate),
                    initiatorAddress(previous)) > 0) {
                return false;
            }
            current = Optional.of(candidate);
            if (previous.isEstablished()) {
                ikeSaRekeyed++;
                previous.replaced();
            } else {
                previous.close("replaced by ISAKMP SA " + Long.toHexString(candidate.cookieI), false, false);
            }
        }
        current = Optional.of(candidate);
        if (candidate.initialContact && !candidate.initiator) {
            // INITIAL-CONTACT: the peer has no other state with us, so our old ESP SAs are useless.
            for (ChildSa child : List.copyOf(children)) {
                removeChild(child);
            }
        }
        return true;
    }

    private static byte[] initiatorAddress(IsakmpSa sa) {
        return (sa.initiator ? sa.local : sa.remote).getAddress().getAddress();
    }

    void phase1Established(IsakmpSa sa) {
        held = false;
        heardFromPeer(engine.scheduler().now());
        dpd.ifPresent(DeadPeerDetector::established);
    }

    /** Phase-1 lifetime nearly over: the initiator negotiates a fresh ISAKMP SA that replaces it. */
    void reauthenticate(IsakmpSa old) {
        if (current.orElse(null) == old && !terminated) {
            engine.startIsakmpSa(this);
        }
    }

    List<ChildSa> children() {
        return List.copyOf(children);
    }

    void status(String text) {
        if (!text.equals(negotiationStatus)) {
            LOG.info(() -> "tunnel " + config.id() + ": " + text);
        }
        negotiationStatus = text;
    }

    void progress(String text) {
        if (children.isEmpty()) {
            status(text);
        }
    }

    void failed(String reason) {
        LOG.warning(() -> "tunnel " + config.id() + ": " + reason);
        negotiationStatus = reason;
        lastError = Optional.of(reason);
        negotiationFailures++;
    }

    boolean terminated() {
        return terminated;
    }

    void setTerminated(boolean terminated) {
        this.terminated = terminated;
        if (terminated && retryTimer != null) {
            retryTimer.cancel();
        }
    }

    /** The ISAKMP SA that carried the tunnel is gone (deleted, failed, peer dead): drop the ESP SAs too. */
    void isakmpSaGone(IsakmpSa sa, boolean restart) {
        if (current.isEmpty() || current.get() != sa) {
            return;
        }
        current = Optional.empty();
        dpd.ifPresent(DeadPeerDetector::stopped);
        for (ChildSa child : List.copyOf(children)) {
            removeChild(child);
        }
        if (restart && !terminated) {
            retryTimer = engine.scheduler().schedule(engine.settings().retryAfterFailure(),
                    () -> engine.initiate(config.id()));
        }
    }

    /**
     * A new ESP SA pair. Older SAs for the same selectors were rekeyed by whoever ran this quick mode: they
     * lose their rekey timer and live until deleted or expired.
     */
    void installChild(ChildSa child, SelectorPair selectors, boolean weInitiated) {
        boolean rekey = false;
        for (ChildSa old : List.copyOf(children)) {
            if (selectors.equals(childSelectors.get(old.inboundSpi()))) {
                rekey = true;
                keepUntilDeleted(old);
            }
        }
        if (rekey) {
            childSaRekeyed++;
        } else {
            childSaEstablished++;
        }
        LOG.info(() -> "tunnel " + config.id() + ": IPsec SA installed " + child);
        children.add(child);
        childSelectors.put(child.inboundSpi(), selectors);
        negotiationStatus = PHASE2_SUCCEEDED;
        lastError = Optional.empty();
        Duration toRekey = Duration.between(engine.scheduler().now(), child.rekeyAt());
        Duration toExpire = Duration.between(engine.scheduler().now(), child.expiresAt());
        List<Scheduler.Timer> timers = new ArrayList<>();
        if (weInitiated || config.startAction() != TunnelConfig.StartAction.RESPOND_ONLY) {
            timers.add(engine.scheduler().schedule(toRekey, () -> current.filter(IsakmpSa::isEstablished)
                    .ifPresent(sa -> sa.startQuickMode(selectors, Optional.of(child)))));
        }
        timers.add(engine.scheduler().schedule(toExpire, () -> expireChild(child)));
        childTimers.put(child.inboundSpi(), timers);
        engine.listener().installed(child);
    }

    /** Every local/remote prefix combination the tunnel negotiates (one IPsec SA each). */
    List<SelectorPair> configuredSelectors() {
        return SelectorPair.all(config.localSelectors(), config.remoteSelectors());
    }

    /** Configured pairs without a current IPsec SA (a peer-narrowed SA counts for the pair holding it). */
    List<SelectorPair> missingSelectors() {
        return configuredSelectors().stream()
                .filter(pair -> children.stream().map(c -> childSelectors.get(c.inboundSpi())).noneMatch(pair::contains))
                .toList();
    }

    private void keepUntilDeleted(ChildSa old) {
        cancelTimers(old);
        Duration toExpire = Duration.between(engine.scheduler().now(), old.expiresAt());
        childTimers.put(old.inboundSpi(), List.of(engine.scheduler().schedule(
                toExpire.isNegative() ? Duration.ZERO : toExpire, () -> removeChild(old))));
    }

    void removeChild(ChildSa child) {
        if (children.remove(child)) {
            childSelectors.remove(child.inboundSpi());
            cancelTimers(child);
            engine.listener().removed(child);
        }
    }

    /** The peer sent DELETE for the ESP SA that carries our outbound traffic. */
    void peerDeletedChild(int outboundSpi) {
        children.stream().filter(c -> c.outboundSpi() == outboundSpi).findFirst().ifPresent(child -> {
            LOG.info(() -> "tunnel " + config.id() + ": peer deleted IPsec SA " + child);
            removeChild(child);
            if (children.isEmpty()) {
                status("phase 2 deleted by peer");
            }
        });
    }

    private void cancelTimers(ChildSa child) {
        List<Scheduler.Timer> timers = childTimers.remove(child.inboundSpi());
        if (timers != null) {
            timers.forEach(Scheduler.Timer::cancel);
        }
    }

    /** Hard lifetime reached without a rekey: delete it on both sides and negotiate a fresh one. */
    private void expireChild(ChildSa child) {
        if (!children.contains(child)) {
            return;
        }
        current.ifPresent(sa -> sa.sendInformational(List.of(io.vpnplane.agent.ikev1.message.DeletePayload.esp(
                List.of(QuickModeExchange.spiBytes(child.inboundSpi()))))));
        removeChild(child);
        if (config.startAction() != TunnelConfig.StartAction.RESPOND_ONLY) {
            current.filter(IsakmpSa::isEstablished)
                    .ifPresent(sa -> missingSelectors().forEach(pair -> sa.startQuickMode(pair, Optional.empty())));
        }
    }

    Optional<TunnelStatus.DpdView> dpdView() {
        return dpd.map(d -> TunnelStatus.DpdView.of(d, lastHeard()));
    }

    TunnelStatus status() {
        Optional<IsakmpSa> sa = current;
        Optional<TunnelStatus.IkeSaView> saView = sa.map(s -> new TunnelStatus.IkeSaView(
                String.format("%016x", s.cookieI), String.format("%016x", s.cookieR), s.initiator,
                s.suite == null ? "" : s.suite.description(), endpoint(s.local), endpoint(s.remote), s.natDetected,
                s.state() instanceof IsakmpSaState.Established e ? Optional.of(e.since()) : Optional.empty(),
                Optional.empty()));
        List<TunnelStatus.ChildSaView> childViews = children.stream().map(c -> new TunnelStatus.ChildSaView(
                ChildSa.spiHex(c.inboundSpi()), ChildSa.spiHex(c.outboundSpi()), c.suite().strongSwanProposal(),
                c.localSelectors().stream().map(Object::toString).toList(),
                c.remoteSelectors().stream().map(Object::toString).toList(), c.udpEncapsulated(),
                c.establishedAt(), c.rekeyAt(), c.expiresAt())).toList();
        return new TunnelStatus(config.id(), sa.map(s -> s.state().name()).orElse("NONE"), saView, childViews,
                negotiationStatus, lastError, dpdView(),
                sa.map(s -> endpoint(s.remote)).orElse(config.remoteAddress().getHostAddress()),
                new TunnelStatus.Counters(ikeSaEstablished, ikeSaRekeyed, 0, childSaEstablished, childSaRekeyed,
                        retransmits, negotiationFailures, messagesReceived, messagesSent));
    }

    private static String endpoint(java.net.InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
