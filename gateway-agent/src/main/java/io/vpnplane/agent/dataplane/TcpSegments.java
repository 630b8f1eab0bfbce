package io.vpnplane.agent.dataplane;

import java.util.Optional;

/**
 * A TCP/IPv4 super-packet a TUN device with TSO handed out (virtio_net_hdr {@code GSO_TCPV4}), cut
 * into MSS-sized segments the way a NIC's TCP segmentation offload would (the kernel's
 * {@code tcp_gso_segment}): every segment gets the headers (IPv4 options included), its own IP total
 * length, an IP identification counting up from the first, a TCP sequence number advanced by the
 * payload before it, CWR only on the first segment, FIN and PSH only on the last, and complete IP and
 * TCP checksums.
 *
 * @param packet the super-packet's bytes (read, never changed)
 * @param offset where its IPv4 header starts
 * @param ipHeaderLength IPv4 header length, options included
 * @param headersLength IPv4 plus TCP header length
 * @param payloadLength TCP payload bytes of the whole super-packet
 * @param mss payload bytes per segment, all but the last
 */
public record TcpSegments(byte[] packet, int offset, int ipHeaderLength, int headersLength, int payloadLength,
        int mss) {

    private static final int TCP_FLAG_FIN = 0x01;
    private static final int TCP_FLAG_PSH = 0x08;
    private static final int TCP_FLAG_CWR = 0x80;

    /**
     * The segments of the super-packet at {@code p[off, +length)} (after its virtio_net_hdr), or empty if
     * it is not a well-formed TCP/IPv4 super-packet: other segmentation types (the device never
     * advertises them), lengths that disagree, fragments, a checksum start other than the TCP header.
     */
    public static Optional<TcpSegments> of(byte[] p, int off, int length, VirtioNetHeader header) {
        if (header.segmentation() != VirtioNetHeader.GSO_TCPV4 || header.gsoSize() == 0
                || !Ipv4Header.isValid(p, off, length) || Ipv4Header.totalLength(p, off) != length
                || Ipv4Header.protocol(p, off) != Ipv4Header.PROTOCOL_TCP) {
            return Optional.empty();
        }
        boolean fragment = (p[off + 6] & 0x3F) != 0 || p[off + 7] != 0;
        int ipHeaderLength = Ipv4Header.headerLength(p, off);
        if (fragment || ipHeaderLength + 20 > length
                || (header.needsChecksum() && header.checksumStart() != ipHeaderLength)) {
            return Optional.empty();
        }
        int tcpHeaderLength = (p[off + ipHeaderLength + 12] & 0xF0) >>> 2;
        int headersLength = ipHeaderLength + tcpHeaderLength;
        if (tcpHeaderLength < 20 || headersLength >= length) {
            return Optional.empty();
        }
        return Optional.of(new TcpSegments(p, off, ipHeaderLength, headersLength, length - headersLength,
                header.gsoSize()));
    }

    public int count() {
        return (payloadLength + mss - 1) / mss;
    }

    /** IP length of segment {@code index}. */
    public int segmentLength(int index) {
        return headersLength + Math.min(mss, payloadLength - index * mss);
    }

    /** Writes segment {@code index} as a complete IPv4 packet at {@code dst[dstOff...]}; returns its length. */
    public int write(int index, byte[] dst, int dstOff) {
        int chunk = Math.min(mss, payloadLength - index * mss);
        int length = headersLength + chunk;
        System.arraycopy(packet, offset, dst, dstOff, headersLength);
        System.arraycopy(packet, offset + headersLength + index * mss, dst, dstOff + headersLength, chunk);

        dst[dstOff + 2] = (byte) (length >>> 8);
        dst[dstOff + 3] = (byte) length;
        int id = ((packet[offset + 4] & 0xFF) << 8 | (packet[offset + 5] & 0xFF)) + index;
        dst[dstOff + 4] = (byte) (id >>> 8);
        dst[dstOff + 5] = (byte) id;
        Ipv4Header.updateChecksum(dst, dstOff);

        int tcp = dstOff + ipHeaderLength;
        Ipv4Header.writeInt(dst, tcp + 4, Ipv4Header.readInt(packet, offset + ipHeaderLength + 4) + index * mss);
        int flags = dst[tcp + 13] & 0xFF;
        if (index > 0) {
            flags &= ~TCP_FLAG_CWR;
        }
        if (index < count() - 1) {
            flags &= ~(TCP_FLAG_FIN | TCP_FLAG_PSH);
        }
        dst[tcp + 13] = (byte) flags;
        dst[tcp + 16] = 0;
        dst[tcp + 17] = 0;
        int tcpLength = length - ipHeaderLength;
        long sum = InternetChecksum.ipv4PseudoHeader(Ipv4Header.source(dst, dstOff), Ipv4Header.destination(dst, dstOff),
                Ipv4Header.PROTOCOL_TCP, tcpLength);
        int checksum = InternetChecksum.finish(InternetChecksum.sum(dst, tcp, tcpLength, sum));
        dst[tcp + 16] = (byte) (checksum >>> 8);
        dst[tcp + 17] = (byte) checksum;
        return length;
    }

    /**
     * Completes a checksum the device left to us ({@link VirtioNetHeader#NEEDS_CHECKSUM} on a plain
     * packet): the field already holds the pseudo-header sum, the bytes from {@code checksumStart} to the
     * end are added. Works for TCP and UDP over IPv4 and IPv6 alike, as a NIC's does.
     *
     * @return false if the offsets lie outside the packet (nothing written)
     */
    public static boolean completeChecksum(byte[] p, int off, int length, VirtioNetHeader header) {
        int start = header.checksumStart();
        int field = start + header.checksumOffset();
        if (start >= length || field + 2 > length) {
            return false;
        }
        int checksum = InternetChecksum.finish(InternetChecksum.sum(p, off + start, length - start, 0));
        // A computed 0 goes out as 0xFFFF: the same number in one's complement, and UDP's "no checksum" is 0.
        checksum = checksum == 0 ? 0xFFFF : checksum;
        p[off + field] = (byte) (checksum >>> 8);
        p[off + field + 1] = (byte) checksum;
        return true;
    }
}
