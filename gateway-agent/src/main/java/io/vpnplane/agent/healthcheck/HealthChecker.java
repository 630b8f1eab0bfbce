package io.vpnplane.agent.healthcheck;

import io.vpnplane.agent.dataplane.InnerPacketTap;
import io.vpnplane.agent.dataplane.Tunnel;
import io.vpnplane.agent.ike.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The REQ-TUN-011 health check of one tunnel: an ICMP echo request built in userspace and sent inside
 * the tunnel every interval; a probe still unanswered when the next one is due is a miss; {@code retries}
 * consecutive misses turn the check failed, the first answer afterwards turns it recovered.
 *
 * <p>Timers run on the {@link Scheduler}'s thread; replies arrive on the data plane's receive thread
 * through {@link #inspect} and are handed over to the scheduler thread, so all state is confined to it.
 */
public final class HealthChecker implements InnerPacketTap {

    public enum State {
        /** No answer yet since start. */
        STARTING,
        HEALTHY,
        FAILED
    }

    private static final int HISTORY = 100;
    private static final int PAYLOAD = 16;

    private final String tunnelId;
    private final HealthCheckConfig config;
    private final Scheduler scheduler;
    private final ProbeTransmitter transmitter;
    private final Consumer<HealthCheckEvent> events;
    private final int identifier;
    private final byte[] probe = new byte[64];
    private final Deque<HealthCheckEvent> history = new ArrayDeque<>();
    private volatile State state = State.STARTING;
    private int sequence;
    private boolean outstandingAnswered = true;
    private boolean anyProbeSent;
    private int misses;
    private Optional<Instant> failedSince = Optional.empty();
    private Optional<Scheduler.Timer> timer = Optional.empty();
    private volatile boolean running;
    private volatile long probesSent;
    private volatile long repliesReceived;

    /** @param identifier ICMP identifier telling this check's replies apart from other traffic and checks */
    public HealthChecker(String tunnelId, HealthCheckConfig config, int identifier, Scheduler scheduler,
            ProbeTransmitter transmitter, Consumer<HealthCheckEvent> events) {
        this.tunnelId = Objects.requireNonNull(tunnelId, "tunnelId");
        this.config = Objects.requireNonNull(config, "config");
        this.identifier = identifier & 0xFFFF;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.transmitter = Objects.requireNonNull(transmitter, "transmitter");
        this.events = Objects.requireNonNull(events, "events");
    }

    public void start() {
        running = true;
        scheduler.execute(this::tick);
    }

    public void stop() {
        running = false;
        scheduler.execute(() -> {
            timer.ifPresent(Scheduler.Timer::cancel);
            timer = Optional.empty();
        });
    }

    public State state() {
        return state;
    }

    public int identifier() {
        return identifier;
    }

    public HealthCheckConfig config() {
        return config;
    }

    public long probesSent() {
        return probesSent;
    }

    public long repliesReceived() {
        return repliesReceived;
    }

    /** Failures and recoveries, oldest first (the last {@value #HISTORY}). */
    public List<HealthCheckEvent> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    private void tick() {
        if (!running) {
            return;
        }
        if (anyProbeSent && !outstandingAnswered) {
            misses++;
            if (misses >= config.retries() && state != State.FAILED) {
                state = State.FAILED;
                failedSince = Optional.of(scheduler.now());
                record(new HealthCheckEvent.Failed(tunnelId, scheduler.now(), misses, config.switchRoute()));
            }
        }
        sequence = (sequence + 1) & 0xFFFF;
        outstandingAnswered = false;
        anyProbeSent = true;
        int length = IcmpEcho.writeRequest(probe, 0, config.sourceIp(), config.destinationIp(), identifier, sequence,
                PAYLOAD);
        probesSent++;
        transmitter.transmit(probe, 0, length);
        timer = Optional.of(scheduler.schedule(config.interval(), this::tick));
    }

    /** Consumes echo replies addressed to this check; everything else passes on to the TUN device. */
    @Override
    public boolean inspect(Tunnel tunnel, byte[] p, int off, int length) {
        Optional<IcmpEcho.Message> message = IcmpEcho.parse(p, off, length);
        if (message.isEmpty()) {
            return false;
        }
        IcmpEcho.Message reply = message.get();
        if (reply.type() != IcmpEcho.TYPE_ECHO_REPLY || reply.identifier() != identifier
                || reply.source() != config.destinationIp() || reply.destination() != config.sourceIp()) {
            return false;
        }
        scheduler.execute(() -> answered(reply.sequence()));
        return true;
    }

    private void answered(int answeredSequence) {
        repliesReceived++;
        if (answeredSequence == sequence) {
            outstandingAnswered = true;
        }
        // Any answer, even to an older probe, proves the path works again.
        misses = 0;
        if (state == State.FAILED) {
            Instant now = scheduler.now();
            record(new HealthCheckEvent.Recovered(tunnelId, now, Duration.between(failedSince.orElse(now), now),
                    config.switchRoute()));
            failedSince = Optional.empty();
        }
        state = State.HEALTHY;
    }

    private void record(HealthCheckEvent event) {
        // The admin API reads the history from its own thread.
        synchronized (history) {
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(event);
        }
        events.accept(event);
    }
}
