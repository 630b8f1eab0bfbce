package io.vpnplane.routing.lpm;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.vpnplane.routing.address.Ipv4Cidr;

/**
 * Lookups per second of {@link PrefixTable} against {@link ReferencePrefixTable} over one million random
 * prefixes (Internet-like length mix), single thread. Each invocation looks up {@link #ADDRESSES}
 * pre-drawn addresses, half of them inside a known prefix, so the score is lookups per second.
 * Run it with {@code bench/lpm.sh}; it is not part of the test suite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LongestPrefixMatchBenchmark {

    static final int PREFIXES = 1_000_000;
    static final int ADDRESSES = 1 << 20;

    private PrefixTable<Integer> trie;
    private ReferencePrefixTable<Integer> reference;
    private int[] addresses;

    @Setup
    public void build() {
        SplittableRandom random = new SplittableRandom(7);
        Map<Ipv4Cidr, Integer> routes = RandomPrefixes.generate(PREFIXES, random);
        trie = PrefixTable.of(routes);
        reference = new ReferencePrefixTable<>(routes);
        Ipv4Cidr[] keys = routes.keySet().toArray(Ipv4Cidr[]::new);
        addresses = new int[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++) {
            Ipv4Cidr inside = keys[random.nextInt(keys.length)];
            addresses[i] = (i & 1) == 0 ? random.nextInt() : inside.network() | (random.nextInt() & ~inside.mask());
        }
    }

    @Benchmark
    @OperationsPerInvocation(ADDRESSES)
    public long multibitTrie() {
        long sum = 0;
        for (int address : addresses) {
            sum += trie.indexOf(address);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ADDRESSES)
    public long reference() {
        long sum = 0;
        for (int address : addresses) {
            sum += reference.lookup(address).orElse(-1);
        }
        return sum;
    }

    long trieBytes() {
        return trie.cellBytes();
    }
}
