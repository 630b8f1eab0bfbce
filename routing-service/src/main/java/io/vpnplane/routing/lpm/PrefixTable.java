package io.vpnplane.routing.lpm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vpnplane.routing.address.Ipv4Address;
import io.vpnplane.routing.address.Ipv4Cidr;

/**
 * An immutable longest-prefix-match table over IPv4: a multibit trie with four 8-bit strides and
 * controlled prefix expansion, all nodes packed in one {@code int[]}.
 *
 * <p>Why this shape: a lookup is at most four dependent array reads and never allocates; memory grows
 * with the prefixes (256 ints per node actually needed), so a VPN gateway with ten routes costs a few KB
 * where a DIR-24-8 table would cost 64 MB. Updates build a new table and the holder swaps the reference
 * (see {@link PrefixTableHolder}): readers never lock and never see a half-built table.
 *
 * <p>Cell encoding: {@code 0} no route, {@code > 0} value index + 1, {@code < 0} minus the child node
 * index. The root is node 0, so a child index is never 0.
 */
public final class PrefixTable<V> {

    private static final int STRIDE = 8;
    private static final int NODE = 1 << STRIDE;

    private final int[] cells;
    private final Object[] values;
    private final List<Ipv4Cidr> prefixes;

    private PrefixTable(int[] cells, Object[] values, List<Ipv4Cidr> prefixes) {
        this.cells = cells;
        this.values = values;
        this.prefixes = prefixes;
    }

    public static <V> PrefixTable<V> empty() {
        return of(Map.of());
    }

    /** Builds a table from prefix → value; each prefix carries exactly one value. */
    public static <V> PrefixTable<V> of(Map<Ipv4Cidr, V> routes) {
        List<Map.Entry<Ipv4Cidr, V>> sorted = new ArrayList<>(routes.entrySet());
        // Shorter prefixes first: a longer prefix then overwrites the cells it owns, and every child
        // node is created after all shorter prefixes are in place, so it inherits the right default.
        sorted.sort(Comparator.comparingInt((Map.Entry<Ipv4Cidr, V> e) -> e.getKey().prefixLength())
                .thenComparing(Map.Entry::getKey));
        Builder builder = new Builder(sorted.size());
        Object[] values = new Object[sorted.size()];
        List<Ipv4Cidr> prefixes = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            var entry = sorted.get(i);
            values[i] = entry.getValue();
            prefixes.add(entry.getKey());
            builder.insert(entry.getKey(), i + 1);
        }
        return new PrefixTable<>(builder.cells(), values, List.copyOf(prefixes));
    }

    /**
     * The index of the value of the longest prefix containing {@code address}, or -1. The hot path:
     * no allocation, at most four reads.
     */
    public int indexOf(int address) {
        int[] c = cells;
        int cell = c[address >>> 24];
        if (cell < 0) {
            cell = c[(-cell << STRIDE) | ((address >>> 16) & 0xff)];
            if (cell < 0) {
                cell = c[(-cell << STRIDE) | ((address >>> 8) & 0xff)];
                if (cell < 0) {
                    cell = c[(-cell << STRIDE) | (address & 0xff)];
                }
            }
        }
        return cell - 1;
    }

    @SuppressWarnings("unchecked")
    public V valueAt(int index) {
        return (V) values[index];
    }

    public Ipv4Cidr prefixAt(int index) {
        return prefixes.get(index);
    }

    public Optional<Match<V>> lookup(Ipv4Address address) {
        int index = indexOf(address.bits());
        return index < 0 ? Optional.empty() : Optional.of(new Match<>(prefixAt(index), valueAt(index)));
    }

    public int size() {
        return values.length;
    }

    /** Bytes held by the trie's cells, for capacity planning and the benchmark report. */
    public long cellBytes() {
        return 4L * cells.length;
    }

    public record Match<V>(Ipv4Cidr prefix, V value) {
    }

    private static final class Builder {

        private int[] cells;
        private int nodes;

        Builder(int expectedPrefixes) {
            cells = new int[NODE * Math.max(4, Math.min(expectedPrefixes, 1 << 16))];
            nodes = 1;
        }

        void insert(Ipv4Cidr cidr, int marker) {
            int address = cidr.network();
            int length = cidr.prefixLength();
            int node = 0;
            int level = 0;
            // Descend while the prefix is longer than what this level's stride can express.
            while (length > STRIDE * (level + 1)) {
                int slot = (node << STRIDE) | octet(address, level);
                int cell = cells[slot];
                if (cell >= 0) {
                    int child = newNode(cell);
                    cells[slot] = -child;
                    node = child;
                } else {
                    node = -cell;
                }
                level++;
            }
            int span = 1 << (STRIDE * (level + 1) - length);
            int first = (node << STRIDE) | (octet(address, level) & ~(span - 1));
            // Shorter-first insertion means no child exists in this range yet: a child here would come from
            // a longer prefix, and those are inserted later.
            Arrays.fill(cells, first, first + span, marker);
        }

        private int newNode(int inherited) {
            if ((long) (nodes + 1) * NODE > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("prefix table exceeds " + nodes + " nodes");
            }
            if ((nodes + 1) * NODE > cells.length) {
                cells = Arrays.copyOf(cells, (int) Math.min((long) cells.length * 2, Integer.MAX_VALUE - 8L) / NODE * NODE);
            }
            int node = nodes++;
            if (inherited != 0) {
                Arrays.fill(cells, node << STRIDE, (node + 1) << STRIDE, inherited);
            }
            return node;
        }

        int[] cells() {
            return Arrays.copyOf(cells, nodes * NODE);
        }

        private static int octet(int address, int level) {
            return (address >>> (24 - STRIDE * level)) & 0xff;
        }
    }
}
