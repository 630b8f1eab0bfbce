package io.vpnplane.agent.bgp.session;

import java.time.Duration;
import java.util.PriorityQueue;

/** Virtual time: tasks run only when a test advances the clock, in deadline order. */
final class VirtualScheduler implements TimerScheduler {

    private record Entry(long at, long sequence, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.sequence, b.sequence));
    private long now = 1_000_000_000L;
    private long sequence;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = new boolean[1];
        queue.add(new Entry(now + delay.toNanos(), sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    void advance(Duration duration) {
        long until = now + duration.toNanos();
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Entry entry = queue.poll();
            now = Math.max(now, entry.at);
            if (!entry.cancelled[0]) {
                entry.task.run();
            }
        }
        now = until;
    }
}
