package io.vpnplane.agent.dataplane;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 16-bit one's-complement checksum of RFC 1071 (IPv4 header, ICMP, TCP, UDP).
 *
 * <p>Partial sums ({@link #sum}) are unfolded 64-bit accumulators of big-endian 32-bit words: RFC 1071
 * §2(B) lets the sum be taken over wider words and folded at the end, which here means a quarter of
 * the loop iterations of a 16-bit loop (the TCP segmentation and coalescing paths sum every payload
 * byte). Partial sums of pieces may be added up as long as every piece but the last starts at an even
 * distance from the first.
 */
public final class InternetChecksum {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private InternetChecksum() {
    }

    /** Checksum to store in the packet; over data that already contains a correct checksum it is 0. */
    public static int of(byte[] p, int off, int length) {
        return finish(sum(p, off, length, 0));
    }

    /** Adds {@code p[off, +length)} to {@code initial}; an odd last byte counts as its word's high byte. */
    public static long sum(byte[] p, int off, int length, long initial) {
        long sum = initial;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            sum += (int) INT.get(p, off + i) & 0xFFFF_FFFFL;
        }
        if (i + 2 <= length) {
            sum += (p[off + i] & 0xFF) << 8 | (p[off + i + 1] & 0xFF);
            i += 2;
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
