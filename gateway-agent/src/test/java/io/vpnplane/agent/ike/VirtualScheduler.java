package io.vpnplane.agent.ike;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** Virtual time for engine tests: nothing runs until the test advances the clock. */
final class VirtualScheduler implements Scheduler {

    private record Entry(Instant due, long sequence, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> {
        int byTime = a.due.compareTo(b.due);
        return byTime != 0 ? byTime : Long.compare(a.sequence, b.sequence);
    });
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long sequence;

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Entry(now.plus(delay), sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /** Runs everything due up to now + duration, in time order, including tasks scheduled meanwhile. */
    void advance(Duration duration) {
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

    /** Runs whatever is due right now (zero-delay work such as queued datagrams). */
    void runPending() {
        advance(Duration.ZERO);
    }
}
