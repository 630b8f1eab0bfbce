package io.vpnplane.agent.bgp.session;

import java.time.Duration;

/**
 * The clock and timers a session runs on. The speaker's event loop implements it for real;
 * tests use a virtual one so that hold and keepalive timers run in virtual time. Tasks run on
 * the same single thread as every other session event.
 */
public interface TimerScheduler {

    long nanoTime();

    Cancellable schedule(Duration delay, Runnable task);

    interface Cancellable {
        void cancel();
    }
}
