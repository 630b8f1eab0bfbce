package io.vpnplane.routing.lpm;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.vpnplane.routing.address.Ipv4Cidr;

/**
 * The obviously-correct longest-prefix match: one hash map per prefix length, probed from the longest
 * length present down to the shortest. The equivalence test and the JMH benchmark measure
 * {@link PrefixTable} against it.
 */
public final class ReferencePrefixTable<V> {

    private final Map<Integer, V>[] byLength;
    private final int[] lengthsLongestFirst;

    @SuppressWarnings("unchecked")
    public ReferencePrefixTable(Map<Ipv4Cidr, V> routes) {
        byLength = new Map[33];
        TreeSet<Integer> lengths = new TreeSet<>();
        for (var e : routes.entrySet()) {
            int length = e.getKey().prefixLength();
            if (byLength[length] == null) {
                byLength[length] = new HashMap<>();
            }
            byLength[length].put(e.getKey().network(), e.getValue());
            lengths.add(length);
        }
        lengthsLongestFirst = lengths.descendingSet().stream().mapToInt(Integer::intValue).toArray();
    }

    public Optional<V> lookup(int address) {
        for (int length : lengthsLongestFirst) {
            V value = byLength[length].get(address & Ipv4Cidr.mask(length));
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
