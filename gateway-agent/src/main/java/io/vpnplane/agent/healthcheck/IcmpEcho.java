package io.vpnplane.agent.healthcheck;

import io.vpnplane.agent.dataplane.InternetChecksum;
import io.vpnplane.agent.dataplane.Ipv4Header;
import java.util.Optional;

/**
 * ICMP echo request/reply (RFC 792) inside an IPv4 packet, built and parsed in userspace so the health
 * check can send its probes through the tunnel itself rather than through the host's stack.
 */
public final class IcmpEcho {

    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int ICMP_HEADER_LENGTH = 8;

    /** A parsed echo message. */
    public record Message(int type, int source, int destination, int identifier, int sequence) {
    }

    private IcmpEcho() {
    }

    /**
     * Writes an IPv4 packet carrying an echo request at {@code buf[off...]}; the payload is
     * {@code payloadLength} bytes of a recognisable pattern.
     *
     * @return the packet length
     */
    public static int writeRequest(byte[] buf, int off, int source, int destination, int identifier, int sequence,
            int payloadLength) {
        int total = Ipv4Header.MIN_LENGTH + ICMP_HEADER_LENGTH + payloadLength;
        Ipv4Header.write(buf, off, total, sequence, 64, Ipv4Header.PROTOCOL_ICMP, source, destination);
        int icmp = off + Ipv4Header.MIN_LENGTH;
        buf[icmp] = (byte) TYPE_ECHO_REQUEST;
        buf[icmp + 1] = 0;
        buf[icmp + 4] = (byte) (identifier >>> 8);
        buf[icmp + 5] = (byte) identifier;
        buf[icmp + 6] = (byte) (sequence >>> 8);
        buf[icmp + 7] = (byte) sequence;
        for (int i = 0; i < payloadLength; i++) {
            buf[icmp + ICMP_HEADER_LENGTH + i] = (byte) (0x10 + i);
        }
        writeIcmpChecksum(buf, icmp, ICMP_HEADER_LENGTH + payloadLength);
        return total;
    }

    /** Parses an IPv4 packet as an ICMP echo request or reply, checking both checksums; empty otherwise. */
    public static Optional<Message> parse(byte[] buf, int off, int length) {
        if (!Ipv4Header.isValid(buf, off, length) || Ipv4Header.protocol(buf, off) != Ipv4Header.PROTOCOL_ICMP) {
            return Optional.empty();
        }
        int headerLength = Ipv4Header.headerLength(buf, off);
        int icmpLength = Ipv4Header.totalLength(buf, off) - headerLength;
        int icmp = off + headerLength;
        if (icmpLength < ICMP_HEADER_LENGTH || InternetChecksum.of(buf, off, headerLength) != 0
                || InternetChecksum.of(buf, icmp, icmpLength) != 0) {
            return Optional.empty();
        }
        int type = buf[icmp] & 0xFF;
        if ((type != TYPE_ECHO_REQUEST && type != TYPE_ECHO_REPLY) || buf[icmp + 1] != 0) {
            return Optional.empty();
        }
        int identifier = (buf[icmp + 4] & 0xFF) << 8 | (buf[icmp + 5] & 0xFF);
        int sequence = (buf[icmp + 6] & 0xFF) << 8 | (buf[icmp + 7] & 0xFF);
        return Optional.of(new Message(type, Ipv4Header.source(buf, off), Ipv4Header.destination(buf, off), identifier,
                sequence));
    }

    /**
     * Turns a valid echo request (see {@link #parse}) into its reply in place: addresses swapped, type
     * 0, checksums updated; identifier, sequence and data unchanged as RFC 792 requires.
     */
    public static void turnIntoReply(byte[] buf, int off) {
        int source = Ipv4Header.source(buf, off);
        int destination = Ipv4Header.destination(buf, off);
        int headerLength = Ipv4Header.headerLength(buf, off);
        int icmpLength = Ipv4Header.totalLength(buf, off) - headerLength;
        Ipv4Header.write(buf, off, Ipv4Header.totalLength(buf, off), 0, 64, Ipv4Header.PROTOCOL_ICMP, destination, source);
        // write() emits a 20-byte header; move the ICMP message up if the request carried IP options.
        int icmp = off + Ipv4Header.MIN_LENGTH;
        if (headerLength != Ipv4Header.MIN_LENGTH) {
            System.arraycopy(buf, off + headerLength, buf, icmp, icmpLength);
            int total = Ipv4Header.MIN_LENGTH + icmpLength;
            Ipv4Header.write(buf, off, total, 0, 64, Ipv4Header.PROTOCOL_ICMP, destination, source);
        }
        buf[icmp] = (byte) TYPE_ECHO_REPLY;
        writeIcmpChecksum(buf, icmp, icmpLength);
    }

    private static void writeIcmpChecksum(byte[] buf, int icmp, int length) {
        buf[icmp + 2] = 0;
        buf[icmp + 3] = 0;
        int checksum = InternetChecksum.of(buf, icmp, length);
        buf[icmp + 2] = (byte) (checksum >>> 8);
        buf[icmp + 3] = (byte) checksum;
    }
}
