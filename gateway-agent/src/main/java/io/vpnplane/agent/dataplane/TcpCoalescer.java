package io.vpnplane.agent.dataplane;

import java.io.IOException;

/**
 * Receive-side coalescing for a TUN device with a virtio_net_hdr: consecutive in-order TCP/IPv4
 * segments of one flow, decrypted in one batch, leave as one super-packet ({@code GSO_TCPV4}) in a
 * single TUN write, which the kernel then treats like a packet its own GRO built. Everything else is
 * written as it came, behind a plain header.
 *
 * <p>Rules follow the kernel's {@code tcp_gro_receive}, kept stricter where that is simpler: same IPv4
 * header apart from length, identification and checksum, no IP options, DF set; same ports,
 * acknowledgement number, window and TCP options; flags exactly ACK, PSH allowed on the last segment;
 * every segment but the last as long as the first; sequence numbers contiguous; at most 64 KiB. A
 * segment whose TCP checksum does not verify is never merged (the merged packet's checksum is left to
 * the kernel as already verified, so a bad one must reach it alone and be dropped there).
 *
 * <p>Not thread-safe: one per receiving thread. {@link #flush} at the end of every batch.
 */
public final class TcpCoalescer {

    /** Writes one virtio_net_hdr-prefixed packet at {@code buf[off, +length)} to the TUN device. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] buf, int off, int length) throws IOException;
    }

    private static final int MAX_IP_LENGTH = 65_535;
    private static final int TCP_FLAG_PSH = 0x08;
    private static final int TCP_FLAG_ACK = 0x10;

    private final Sink sink;
    private final byte[] out = new byte[VirtioNetHeader.LENGTH + MAX_IP_LENGTH];
    private boolean pending;
    /** The pending packet accepts no further segment (short segment or PSH seen). */
    private boolean closed;
    private int length;
    private int headersLength;
    private int gsoSize;
    private int segments;
    private int nextSequence;

    public TcpCoalescer(Sink sink) {
        this.sink = sink;
    }

    /**
     * Takes one valid IPv4 packet ({@link Ipv4Header#isValid}, length = its total length). It is either
     * merged into the pending super-packet, starts a new one, or is written at once.
     */
    public void offer(byte[] p, int off, int len) throws IOException {
        int headers = candidateHeaders(p, off, len);
        if (headers == 0) {
            flush();
            writePlain(p, off, len);
            return;
        }
        int payload = len - headers;
        if (pending && !closed && headers == headersLength && payload <= gsoSize && length + payload <= MAX_IP_LENGTH
                && Ipv4Header.readInt(p, off + 24) == nextSequence && sameFlow(p, off, headers)) {
            System.arraycopy(p, off + headers, out, VirtioNetHeader.LENGTH + length, payload);
            length += payload;
            segments++;
            nextSequence += payload;
            int flags = p[off + 33] & 0xFF;
            if ((flags & TCP_FLAG_PSH) != 0) {
                out[VirtioNetHeader.LENGTH + 33] |= TCP_FLAG_PSH;
            }
            closed = payload < gsoSize || (flags & TCP_FLAG_PSH) != 0;
            return;
        }
        flush();
        System.arraycopy(p, off, out, VirtioNetHeader.LENGTH, len);
        pending = true;
        length = len;
        headersLength = headers;
        gsoSize = payload;
        segments = 1;
        nextSequence = Ipv4Header.readInt(p, off + 24) + payload;
        closed = (p[off + 33] & TCP_FLAG_PSH) != 0;
    }

    /** Writes the pending packet, if any. */
    public void flush() throws IOException {
        if (!pending) {
            return;
        }
        pending = false;
        int ip = VirtioNetHeader.LENGTH;
        if (segments == 1) {
            VirtioNetHeader.NONE.write(out, 0);
            sink.write(out, 0, VirtioNetHeader.LENGTH + length);
            return;
        }
        out[ip + 2] = (byte) (length >>> 8);
        out[ip + 3] = (byte) length;
        Ipv4Header.updateChecksum(out, ip);
        // Offload convention: the TCP checksum field holds the pseudo-header sum, not complemented.
        int pseudo = InternetChecksum.fold(InternetChecksum.ipv4PseudoHeader(Ipv4Header.source(out, ip),
                Ipv4Header.destination(out, ip), Ipv4Header.PROTOCOL_TCP, length - 20));
        out[ip + 36] = (byte) (pseudo >>> 8);
        out[ip + 37] = (byte) pseudo;
        new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM, VirtioNetHeader.GSO_TCPV4, headersLength, gsoSize, 20, 16)
                .write(out, 0);
        sink.write(out, 0, VirtioNetHeader.LENGTH + length);
    }

    /** Headers length if the packet may be merged with others at all, else 0. */
    private static int candidateHeaders(byte[] p, int off, int len) {
        if ((p[off] & 0xFF) != 0x45 || Ipv4Header.protocol(p, off) != Ipv4Header.PROTOCOL_TCP || len < 40
                || (p[off + 6] & 0xFF) != 0x40 || p[off + 7] != 0) {
            return 0; // IP options, not TCP, or not exactly DF without fragment offset
        }
        int tcpHeader = (p[off + 32] & 0xF0) >>> 2;
        int headers = 20 + tcpHeader;
        if (tcpHeader < 20 || headers >= len || (p[off + 33] & 0xFF & ~TCP_FLAG_PSH) != TCP_FLAG_ACK
                || p[off + 38] != 0 || p[off + 39] != 0) {
            return 0; // no payload, or flags other than ACK/PSH, or an urgent pointer
        }
        long sum = InternetChecksum.ipv4PseudoHeader(Ipv4Header.source(p, off), Ipv4Header.destination(p, off),
                Ipv4Header.PROTOCOL_TCP, len - 20);
        if (InternetChecksum.fold(InternetChecksum.sum(p, off + 20, len - 20, sum)) != 0xFFFF) {
            return 0;
        }
        return headers;
    }

    /** Same flow and same header fields as the pending packet (see the class comment). */
    private boolean sameFlow(byte[] p, int off, int headers) {
        int base = VirtioNetHeader.LENGTH;
        // IPv4: version/IHL/TOS, flags/fragment, TTL/protocol, addresses.
        if (p[off + 1] != out[base + 1] || p[off + 8] != out[base + 8]
                || !java.util.Arrays.equals(p, off + 12, off + 20, out, base + 12, base + 20)) {
            return false;
        }
        // TCP: ports, acknowledgement, data offset/flags/window (PSH aside), options.
        int flagsAt = 33;
        return java.util.Arrays.equals(p, off + 20, off + 24, out, base + 20, base + 24)
                && java.util.Arrays.equals(p, off + 28, off + flagsAt, out, base + 28, base + flagsAt)
                && ((p[off + flagsAt] ^ out[base + flagsAt]) & ~TCP_FLAG_PSH) == 0
                && java.util.Arrays.equals(p, off + 34, off + 36, out, base + 34, base + 36)
                && java.util.Arrays.equals(p, off + 40, off + headers, out, base + 40, base + headers);
    }

    private void writePlain(byte[] p, int off, int len) throws IOException {
        System.arraycopy(p, off, out, VirtioNetHeader.LENGTH, len);
        VirtioNetHeader.NONE.write(out, 0);
        sink.write(out, 0, VirtioNetHeader.LENGTH + len);
    }
}
