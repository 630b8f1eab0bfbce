package io.vpnplane.agent.dataplane;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The forwarding table in use: packet threads read the current immutable snapshot, configuration (now)
 * and routing-service's effective routes (later, active/standby) replace it in one atomic swap, so a
 * prefix moves to another tunnel between two packets and never half-way.
 */
public final class LiveForwardingTable<T> {

    private final AtomicReference<ForwardingTable<T>> current;

    public LiveForwardingTable(ForwardingTable<T> initial) {
        this.current = new AtomicReference<>(initial);
    }

    public ForwardingTable<T> current() {
        return current.get();
    }

    public void replace(ForwardingTable<T> table) {
        current.set(table);
    }

    /** Copy-on-write change; retried if another writer swapped in between. */
    public ForwardingTable<T> update(UnaryOperator<ForwardingTable<T>> change) {
        return current.updateAndGet(change);
    }
}
