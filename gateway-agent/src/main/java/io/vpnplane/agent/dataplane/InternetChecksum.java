package io.vpnplane.agent.dataplane;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 16-bit one's-complement checksum of RFC 1071 (IPv4 header, ICMP, TCP, UDP).
 *
 * <p>The TCP segmentation and coalescing paths sum every payload byte, so {@link #sum} reads 16 bytes
 * per iteration as two little-endian longs (the host's order: no byte swapping) into two independent
 * accumulators of 32-bit halves, and swaps the folded result once: RFC 1071 §2(A) and (B) let the sum
 * be taken over wider words and in either byte order. That is about twice as fast as 32-bit
 * big-endian words. Partial sums are unfolded longs in network order; sums of pieces may be added up
 * as long as every piece but the last starts at an even distance from the first.
 */
public final class InternetChecksum {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private InternetChecksum() {
    }

    /** Checksum to store in the packet; over data that already contains a correct checksum it is 0. */
    public static int of(byte[] p, int off, int length) {
        return finish(sum(p, off, length, 0));
    }

    /** Adds {@code p[off, +length)} to {@code initial}; an odd last byte counts as its word's high byte. */
    public static long sum(byte[] p, int off, int length, long initial) {
        long a = 0;
        long b = 0;
        int i = 0;
        for (; i + 16 <= length; i += 16) {
            long v = (long) LONG.get(p, off + i);
            long w = (long) LONG.get(p, off + i + 8);
            a += (v >>> 32) + (v & 0xFFFF_FFFFL);
            b += (w >>> 32) + (w & 0xFFFF_FFFFL);
        }
        int littleEndian = fold(a + b);
        long sum = initial + ((littleEndian & 0xFF) << 8 | littleEndian >>> 8);
        for (; i + 2 <= length; i += 2) {
            sum += (p[off + i] & 0xFF) << 8 | (p[off + i + 1] & 0xFF);
        }
        if (i < length) {
            sum += (p[off + i] & 0xFF) << 8;
        }
        return sum;
    }

    /** The IPv4 pseudo-header of TCP and UDP (RFC 793 §3.1, RFC 768): addresses, protocol, segment length. */
    public static long ipv4PseudoHeader(int source, int destination, int protocol, int length) {
        return (source & 0xFFFF_FFFFL) + (destination & 0xFFFF_FFFFL) + protocol + length;
    }

    /** Folds a partial sum to 16 bits (not complemented: what a checksum-offload field holds). */
    public static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /** The checksum to store for a partial sum: folded and complemented. */
    public static int finish(long sum) {
        return ~fold(sum) & 0xFFFF;
    }
}
