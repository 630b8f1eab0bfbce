package io.vpnplane.agent.ike;

import io.vpnplane.agent.ike.message.DeletePayload;
import io.vpnplane.agent.dpd.DeadPeerDetector;
import io.vpnplane.agent.dpd.DeadPeerHandler;
import io.vpnplane.agent.dpd.DpdAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The runtime side of one configured tunnel: its current IKE SA, the CHILD_SAs (which belong to the
 * tunnel and move from IKE SA to IKE SA on rekey), their timers, status text and counters.
 */
final class Tunnel {

    private static final Logger LOG = Logger.getLogger(Tunnel.class.getName());
    static final String PHASE2_SUCCEEDED = "phase 2 negotiation succeeded"; // REQ-TUN-012

    final TunnelConfig config;
    private final IkeEngine engine;
    private Optional<IkeSa> current = Optional.empty();
    private final List<ChildSa> children = new ArrayList<>();
    private final Map<Integer, List<Scheduler.Timer>> childTimers = new HashMap<>();
    private String negotiationStatus = "not started";
    private Optional<String> lastError = Optional.empty();
    private Scheduler.Timer retryTimer;
    private boolean terminated;
    /** DPD action hold fired: down, but traffic (acquire) or the peer brings it back. */
    private boolean held;
    private Instant lastIkeReceived = Instant.EPOCH;
    private final Optional<DeadPeerDetector> dpd;

    long ikeSaEstablished;
    long ikeSaRekeyed;
    /** Both ends rekeyed the IKE SA at once and we noticed (RFC 7296 §2.8.2). */
    long ikeSaRekeyCollisions;
    long childSaEstablished;
    long childSaRekeyed;
    long retransmits;
    long negotiationFailures;
    long messagesReceived;
    long messagesSent;

    Tunnel(TunnelConfig config, IkeEngine engine) {
        this.config = config;
        this.engine = engine;
        this.dpd = config.dpd().enabled()
                ? Optional.of(new DeadPeerDetector(config.id(), config.dpd().policy(), engine.scheduler(),
                        this::lastHeard, DeadPeerHandler.of(() -> current.ifPresent(IkeSa::sendLivenessCheck),
                                this::peerDeclaredDead), event -> LOG.info(() -> "tunnel " + config.id() + ": " + event)))
                : Optional.empty();
    }

    /** An authenticated IKE message from the peer. */
    void heardFromPeer(Instant at) {
        lastIkeReceived = at;
    }

    /** The later of the last authenticated IKE message and the last authenticated ESP packet. */
    private Instant lastHeard() {
        Instant esp = engine.activity().lastEspReceived(config.id()).orElse(Instant.EPOCH);
        return esp.isAfter(lastIkeReceived) ? esp : lastIkeReceived;
    }

    /** A new or rekeyed IKE SA is up: (re)start watching the peer. */
    void ikeSaEstablished(IkeSa sa) {
        held = false;
        heardFromPeer(engine.scheduler().now());
        dpd.ifPresent(DeadPeerDetector::established);
    }

    private void peerDeclaredDead(DpdAction action) {
        Duration silentFor = Duration.between(lastHeard(), engine.scheduler().now());
        held = action == DpdAction.HOLD;
        current.filter(IkeSa::isOpen).ifPresent(sa -> sa.declaredDead(action, silentFor));
        if (action != DpdAction.RESTART) {
            status(action == DpdAction.HOLD ? "peer dead: held until traffic or the peer initiates"
                    : "peer dead: cleared");
        }
    }

    boolean held() {
        return held;
    }

    Optional<TunnelStatus.DpdView> dpdView() {
        return dpd.map(d -> TunnelStatus.DpdView.of(d, lastHeard()));
    }

    Optional<IkeSa> current() {
        return current;
    }

    void setCurrent(IkeSa sa) {
        current = Optional.of(sa);
    }

    List<ChildSa> children() {
        return List.copyOf(children);
    }

    String negotiationStatus() {
        return negotiationStatus;
    }

    Optional<String> lastError() {
        return lastError;
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

    /**
     * Makes a freshly authenticated IKE SA the tunnel's carrier, unless it duplicates one the other
     * side started at the same moment (both ends initiating). Of two such duplicates, both ends keep
     * the one whose original initiator has the lower IP address, so they agree without talking; the
     * loser is deleted. A same-role replacement (the peer re-initiated) always wins.
     */
    boolean adopt(IkeSa candidate) {
        Optional<IkeSa> other = current.filter(o -> o != candidate && o.isOpen());
        if (other.isPresent()) {
            IkeSa previous = other.get();
            boolean duplicate = previous.originalInitiator != candidate.originalInitiator;
            if (duplicate && java.util.Arrays.compareUnsigned(initiatorAddress(candidate),
                    initiatorAddress(previous)) > 0) {
                return false;
            }
            for (ChildSa child : List.copyOf(children)) {
                removeChild(child);
            }
            current = Optional.of(candidate);
            if (previous.isUp()) {
                previous.delete("replaced by IKE SA " + Long.toHexString(candidate.ourSpi()), false);
            } else {
                previous.close("replaced by IKE SA " + Long.toHexString(candidate.ourSpi()), false, false);
            }
        }
        current = Optional.of(candidate);
        return true;
    }

    private static byte[] initiatorAddress(IkeSa sa) {
        return (sa.originalInitiator ? sa.local : sa.remote).getAddress().getAddress();
    }

    void status(String text) {
        if (!text.equals(negotiationStatus)) {
            LOG.info(() -> "tunnel " + config.id() + ": " + text);
        }
        negotiationStatus = text;
    }

    /** Progress of a negotiation; not shown while the tunnel is up (e.g. for a duplicate half-open SA). */
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

    /** The IKE SA that carried the tunnel is gone for good (not rekeyed): drop its CHILD_SAs. */
    void ikeSaGone(IkeSa sa, boolean restart) {
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

    void installChild(ChildSa child) {
        add(child);
        childSaEstablished++;
    }

    /** A rekey: the replacement is live at once; the old SA stays (without timers) until deleted. */
    void replaceChild(ChildSa old, ChildSa replacement) {
        add(replacement);
        childSaRekeyed++;
        cancelTimers(old);
    }

    private void add(ChildSa child) {
        LOG.info(() -> "tunnel " + config.id() + ": CHILD_SA installed " + child); // ChildSa.toString has no keys
        children.add(child);
        negotiationStatus = PHASE2_SUCCEEDED;
        lastError = Optional.empty();
        Duration toRekey = Duration.between(engine.scheduler().now(), child.rekeyAt());
        Duration toExpire = Duration.between(engine.scheduler().now(), child.expiresAt());
        childTimers.put(child.inboundSpi(), List.of(
                engine.scheduler().schedule(toRekey, () -> current.ifPresent(sa -> sa.rekeyChild(child))),
                engine.scheduler().schedule(toExpire, () -> expireChild(child))));
        engine.listener().installed(child);
    }

    /** A CHILD_SA the peer rekeyed: it deletes the old one; if it never does, the old one expires. */
    void keepUntilDeleted(ChildSa old) {
        Duration toExpire = Duration.between(engine.scheduler().now(), old.expiresAt());
        childTimers.put(old.inboundSpi(), List.of(engine.scheduler().schedule(
                toExpire.isNegative() ? Duration.ZERO : toExpire, () -> removeChild(old))));
    }

    void removeChild(ChildSa child) {
        if (children.remove(child)) {
            cancelTimers(child);
            engine.listener().removed(child);
        }
    }

    private void cancelTimers(ChildSa child) {
        List<Scheduler.Timer> timers = childTimers.remove(child.inboundSpi());
        if (timers != null) {
            timers.forEach(Scheduler.Timer::cancel);
        }
    }

    /** Hard lifetime reached without a successful rekey: delete it on both sides. */
    private void expireChild(ChildSa child) {
        if (!children.contains(child)) {
            return;
        }
        current.ifPresent(sa -> sa.queue(new InformationalExchange(sa,
                List.of(DeletePayload.esp(List.of(ProposalSelection.spiBytes(child.inboundSpi())))),
                response -> { })));
        removeChild(child);
        if (children.isEmpty() && config.startAction() != TunnelConfig.StartAction.RESPOND_ONLY) {
            // The tunnel must not stay up without a CHILD_SA: negotiate a fresh one.
            current.filter(IkeSa::isUp).ifPresent(sa -> sa.queue(new ChildSaExchange(sa, Optional.empty())));
        }
    }

    Optional<ChildSa> childByOutboundSpi(int spi) {
        return children.stream().filter(c -> c.outboundSpi() == spi).findFirst();
    }
}
