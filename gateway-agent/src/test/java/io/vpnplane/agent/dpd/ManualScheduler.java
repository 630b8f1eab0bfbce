package io.vpnplane.agent.dpd;

import io.vpnplane.agent.ike.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** Virtual time: timers fire only when a test advances the clock. */
public final class ManualScheduler implements Scheduler {

    private record Entry(Instant due, long order, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> {
        int byTime = a.due.compareTo(b.due);
        return byTime != 0 ? byTime : Long.compare(a.order, b.order);
    });
    private Instant now = Instant.parse("2026-11-22T00:00:00Z");
    private long order;

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Entry(now.plus(delay), order++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /** Runs every task due up to now + duration in time order (including ones scheduled meanwhile). */
    public void advance(Duration duration) {
        Instant until = now.plus(duration);
        while (!queue.isEmpty() && !queue.peek().due.isAfter(until)) {
            Entry entry = queue.poll();
            now = entry.due;
            if (!entry.cancelled[0]) {
                entry.task.run();
            }
        }
        now = until;
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }
}
