package io.vpnplane.agent.ike;

import io.vpnplane.agent.ike.message.DeletePayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime side of one configured tunnel: its current IKE SA, the CHILD_SAs (which belong to the
 * tunnel and move from IKE SA to IKE SA on rekey), their timers, status text and counters.
 */
final class Tunnel {

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

    long ikeSaEstablished;
    long ikeSaRekeyed;
    long childSaEstablished;
    long childSaRekeyed;
    long retransmits;
    long negotiationFailures;
    long messagesReceived;
    long messagesSent;

    Tunnel(TunnelConfig config, IkeEngine engine) {
        this.config = config;
        this.engine = engine;
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

    void status(String text) {
        negotiationStatus = text;
    }

    void failed(String reason) {
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
        for (ChildSa child : List.copyOf(children)) {
            removeChild(child);
        }
        if (restart && !terminated) {
            retryTimer = engine.scheduler().schedule(engine.settings().retryAfterFailure(),
                    () -> engine.initiate(config.id()));
        }
    }

    void installChild(ChildSa child) {
        children.add(child);
        childSaEstablished++;
        negotiationStatus = PHASE2_SUCCEEDED;
        lastError = Optional.empty();
        Duration toRekey = Duration.between(engine.scheduler().now(), child.rekeyAt());
        Duration toExpire = Duration.between(engine.scheduler().now(), child.expiresAt());
        childTimers.put(child.inboundSpi(), List.of(
                engine.scheduler().schedule(toRekey, () -> current.ifPresent(sa -> sa.rekeyChild(child))),
                engine.scheduler().schedule(toExpire, () -> expireChild(child))));
        engine.listener().installed(child);
    }

    void replaceChild(ChildSa old, ChildSa replacement) {
        installChild(replacement);
        childSaEstablished--;
        childSaRekeyed++;
        cancelTimers(old);
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
            current.filter(IkeSa::isEstablished).ifPresent(sa -> sa.queue(new ChildSaExchange(sa, Optional.empty())));
        }
    }

    Optional<ChildSa> childByOutboundSpi(int spi) {
        return children.stream().filter(c -> c.outboundSpi() == spi).findFirst();
    }

    Optional<ChildSa> childByInboundSpi(int spi) {
        return children.stream().filter(c -> c.inboundSpi() == spi).findFirst();
    }
}
