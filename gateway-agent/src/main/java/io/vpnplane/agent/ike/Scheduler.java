package io.vpnplane.agent.ike;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's only notion of time: a clock and one-shot timers, all callbacks on the engine's
 * single event-loop thread. Tests substitute a virtual-time implementation, so retransmission,
 * rekey and expiry run in milliseconds of real time.
 */
public interface Scheduler {

    Instant now();

    Timer schedule(Duration delay, Runnable task);

    /** Runs the task on the event-loop thread as soon as possible. */
    void execute(Runnable task);

    /** A scheduled task that can be cancelled; cancelling a fired or cancelled timer does nothing. */
    interface Timer {
        void cancel();
    }
}
