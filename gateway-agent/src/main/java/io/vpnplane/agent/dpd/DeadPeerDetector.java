package io.vpnplane.agent.dpd;

import io.vpnplane.agent.ike.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Dead peer detection for one tunnel (REQ-TUN-006, REQ-B-003), driven by a {@link Scheduler} so tests
 * run in virtual time.
 *
 * <p>"Heard from the peer" is whatever {@code lastHeard} reports: the engine combines authenticated
 * IKE messages and authenticated ESP packets (the data plane's per-tunnel receive time), so a busy
 * tunnel is never probed. While silent for {@code interval} it asks for a liveness check, once per
 * interval; after {@code timeout} of silence it declares the peer dead exactly once and applies the
 * action. {@link #established()} after a death records the recovery.
 *
 * <p>Not thread-safe: use it on the scheduler's thread only.
 */
public final class DeadPeerDetector {

    /** Observable state of the detector. */
    public enum State {
        /** No IKE SA to watch (not yet established, deleted, or held/cleared after death). */
        IDLE,
        ALIVE,
        /** Silent for at least one interval; liveness checks are being sent. */
        PROBING,
        DEAD
    }

    private static final int HISTORY = 100;

    private final String tunnelId;
    private final DpdPolicy policy;
    private final Scheduler scheduler;
    private final Supplier<Instant> lastHeard;
    private final DeadPeerHandler handler;
    private final Consumer<DpdEvent> events;
    private final Deque<DpdEvent> history = new ArrayDeque<>();
    private State state = State.IDLE;
    private Optional<Scheduler.Timer> timer = Optional.empty();
    private Optional<Instant> deadSince = Optional.empty();
    private Instant watchingSince = Instant.EPOCH;
    private long livenessChecksSent;

    public DeadPeerDetector(String tunnelId, DpdPolicy policy, Scheduler scheduler, Supplier<Instant> lastHeard,
            DeadPeerHandler handler, Consumer<DpdEvent> events) {
        this.tunnelId = Objects.requireNonNull(tunnelId, "tunnelId");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.lastHeard = Objects.requireNonNull(lastHeard, "lastHeard");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.events = Objects.requireNonNull(events, "events");
    }

    public DpdPolicy policy() {
        return policy;
    }

    public State state() {
        return state;
    }

    public long livenessChecksSent() {
        return livenessChecksSent;
    }

    /** Deaths and recoveries, oldest first (the last {@value #HISTORY}). */
    public List<DpdEvent> history() {
        return List.copyOf(history);
    }

    /** An IKE SA with this peer is (re-)established: start watching; records a recovery after a death. */
    public void established() {
        deadSince.ifPresent(since -> {
            Instant now = scheduler.now();
            record(new DpdEvent.PeerRecovered(tunnelId, now, Duration.between(since, now)));
        });
        deadSince = Optional.empty();
        // A new IKE SA counts as hearing from the peer, whatever lastHeard still says from before.
        watchingSince = scheduler.now();
        state = State.ALIVE;
        scheduleCheck(policy.interval());
    }

    /** The IKE SA was deleted on purpose (terminate, reconfiguration): stop without declaring anything. */
    public void stopped() {
        cancelTimer();
        if (state != State.DEAD) {
            state = State.IDLE;
        }
    }

    private void check() {
        timer = Optional.empty();
        if (state != State.ALIVE && state != State.PROBING) {
            return;
        }
        Instant now = scheduler.now();
        Instant reported = lastHeard.get();
        Instant heard = reported.isAfter(watchingSince) ? reported : watchingSince;
        Duration silence = Duration.between(heard, now);
        if (silence.compareTo(policy.timeout()) >= 0) {
            declareDead(now, heard);
            return;
        }
        if (silence.compareTo(policy.interval()) >= 0) {
            state = State.PROBING;
            livenessChecksSent++;
            handler.sendLivenessCheck();
            // Next look: one interval later, but never later than the moment the timeout expires.
            scheduleCheck(min(policy.interval(), policy.timeout().minus(silence)));
        } else {
            state = State.ALIVE;
            scheduleCheck(policy.interval().minus(silence));
        }
    }

    private void declareDead(Instant now, Instant heard) {
        state = State.DEAD;
        deadSince = Optional.of(now);
        record(new DpdEvent.PeerDead(tunnelId, now, heard, policy.action()));
        handler.peerDead(policy.action());
    }

    private void record(DpdEvent event) {
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast(event);
        events.accept(event);
    }

    private void scheduleCheck(Duration delay) {
        cancelTimer();
        timer = Optional.of(scheduler.schedule(delay, this::check));
    }

    private void cancelTimer() {
        timer.ifPresent(Scheduler.Timer::cancel);
        timer = Optional.empty();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
