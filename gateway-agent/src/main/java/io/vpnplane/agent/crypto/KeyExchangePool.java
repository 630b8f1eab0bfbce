package io.vpnplane.agent.crypto;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Ephemeral key pairs generated ahead of time on a background thread, so that the single IKE event
 * loop only computes the shared secret (one modPow for MODP instead of two). Each pair is still used
 * for exactly one exchange (RFC 7296 §2.12 allows reuse; we do not). A group is pooled from its first
 * use on; when the pool runs dry the pair is generated on the caller's thread.
 */
public final class KeyExchangePool implements KeyExchangeSource, AutoCloseable {

    private final SecureRandom random;
    private final int depth;
    private final Map<DiffieHellmanGroup, BlockingQueue<KeyExchange>> ready = new ConcurrentHashMap<>();
    private final Set<DiffieHellmanGroup> refilling = ConcurrentHashMap.newKeySet();
    private final ExecutorService filler;

    public KeyExchangePool(SecureRandom random, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("pool depth must be positive, got " + depth);
        }
        this.random = random;
        this.depth = depth;
        this.filler = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ike-key-pool");
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1);
            return thread;
        });
    }

    @Override
    public KeyExchange next(DiffieHellmanGroup group) {
        BlockingQueue<KeyExchange> queue = ready.computeIfAbsent(group, g -> new ArrayBlockingQueue<>(depth));
        KeyExchange pregenerated = queue.poll();
        refill(group, queue);
        return pregenerated != null ? pregenerated : group.newKeyExchange(random);
    }

    /** How many pairs of {@code group} are ready now (for tests and diagnostics). */
    public int ready(DiffieHellmanGroup group) {
        BlockingQueue<KeyExchange> queue = ready.get(group);
        return queue == null ? 0 : queue.size();
    }

    private void refill(DiffieHellmanGroup group, BlockingQueue<KeyExchange> queue) {
        if (!refilling.add(group)) {
            return;
        }
        try {
            filler.execute(() -> {
                try {
                    while (queue.remainingCapacity() > 0 && !filler.isShutdown()) {
                        queue.offer(group.newKeyExchange(random));
                    }
                } finally {
                    refilling.remove(group);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            refilling.remove(group);
        }
    }

    @Override
    public void close() {
        filler.shutdownNow();
    }
}
