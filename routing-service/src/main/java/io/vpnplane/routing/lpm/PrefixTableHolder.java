package io.vpnplane.routing.lpm;

import java.util.function.UnaryOperator;

/**
 * The current {@link PrefixTable} of one forwarding context. Writers publish a freshly built table;
 * readers take whatever is current without locking (a volatile read), so a lookup always sees one
 * complete table, old or new, never a mix.
 */
public final class PrefixTableHolder<V> {

    private volatile PrefixTable<V> current;

    public PrefixTableHolder(PrefixTable<V> initial) {
        this.current = initial;
    }

    public PrefixTable<V> current() {
        return current;
    }

    public void publish(PrefixTable<V> next) {
        current = next;
    }

    /** Serialises concurrent writers so no rebuild is lost; readers stay lock-free. */
    public synchronized PrefixTable<V> update(UnaryOperator<PrefixTable<V>> rebuild) {
        PrefixTable<V> next = rebuild.apply(current);
        current = next;
        return next;
    }
}
