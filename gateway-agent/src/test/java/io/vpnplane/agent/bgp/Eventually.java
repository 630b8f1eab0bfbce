package io.vpnplane.agent.bgp;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition on the real clock; fails with {@code what} when it does not hold in time. */
public final class Eventually {

    private Eventually() {
    }

    /** Returns how long it took. */
    public static Duration within(Duration limit, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
