package io.vpnplane.agent.bgp.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;

/**
 * A session's Adj-RIB-In: prefix → value in two flat arrays (open addressing, linear probing). About 24 bytes per route
 * instead of ~90 for a {@code HashMap<Ipv4Prefix, LearnedRoute>}, and no per-route objects: a full table of a million
 * routes is two arrays, which the GC neither copies nor traces route by route. (With the HashMap, young collections
 * while a 1M table arrived copied three surviving objects per route and paused for up to a quarter of a second.)
 * Not thread-safe; a session uses it on its own thread.
 */
final class PrefixMap<V> {

    private static final int MIN_CAPACITY = 16;
    /** Marks a used slot; a key never is 0. */
    private static final long PRESENT = 1L << 40;

    private long[] keys = new long[MIN_CAPACITY];
    private Object[] values = new Object[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean containsKey(Ipv4Prefix prefix) {
        return keys[slot(key(prefix))] != 0;
    }

    void put(Ipv4Prefix prefix, V value) {
        long key = key(prefix);
        int slot = slot(key);
        values[slot] = java.util.Objects.requireNonNull(value);
        if (keys[slot] == 0) {
            keys[slot] = key;
            if (++size * 2 > keys.length) {
                resize(keys.length * 2);
            }
        }
    }

    /** Answers whether the prefix was there. */
    boolean remove(Ipv4Prefix prefix) {
        int slot = slot(key(prefix));
        if (keys[slot] == 0) {
            return false;
        }
        deleteAt(slot);
        size--;
        return true;
    }

    void clear() {
        keys = new long[MIN_CAPACITY];
        values = new Object[MIN_CAPACITY];
        size = 0;
    }

    void forEach(BiConsumer<Ipv4Prefix, V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                action.accept(prefix(keys[i]), value(i));
            }
        }
    }

    List<Ipv4Prefix> prefixes() {
        List<Ipv4Prefix> prefixes = new ArrayList<>(size);
        forEach((prefix, value) -> prefixes.add(prefix));
        return prefixes;
    }

    private static long key(Ipv4Prefix prefix) {
        return PRESENT | (Integer.toUnsignedLong(prefix.address()) << 6) | prefix.length();
    }

    private static Ipv4Prefix prefix(long key) {
        return new Ipv4Prefix((int) (key >>> 6), (int) (key & 0x3f));
    }

    private int hash(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing: consecutive /24s spread over the table
        return (int) (mixed >>> 32) & (keys.length - 1);
    }

    /** The slot holding {@code key}, or the empty slot where it would go. */
    private int slot(long key) {
        int mask = keys.length - 1;
        int slot = hash(key);
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Backward-shift deletion: moves later entries of the probe run up so that no lookup stops early at a hole. */
    private void deleteAt(int hole) {
        int mask = keys.length - 1;
        int next = (hole + 1) & mask;
        while (keys[next] != 0) {
            int home = hash(keys[next]);
            // the entry at next may fill the hole unless its home lies cyclically in (hole, next]
            boolean homeBetween = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!homeBetween) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        keys[hole] = 0;
        values[hole] = null;
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[capacity];
        values = new Object[capacity];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    @SuppressWarnings("unchecked")
    private V value(int slot) {
        return (V) values[slot];
    }
}
