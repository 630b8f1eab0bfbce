package io.vpnplane.agent.dataplane;

/**
 * Reads and writes the IPv4 header fields the data plane needs (RFC 791), straight from packet bytes.
 * Callers check {@link #isValid} before trusting any other accessor.
 */
public final class Ipv4Header {

    public static final int MIN_LENGTH = 20;
    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;

    private Ipv4Header() {
    }

    /** Version 4, a header length within the packet, and a total length not beyond it. */
    public static boolean isValid(byte[] p, int off, int length) {
        if (length < MIN_LENGTH || (p[off] & 0xF0) != 0x40) {
            return false;
        }
        int headerLength = headerLength(p, off);
        int total = totalLength(p, off);
        return headerLength >= MIN_LENGTH && headerLength <= total && total <= length;
    }

    public static int headerLength(byte[] p, int off) {
        return (p[off] & 0x0F) * 4;
    }

    public static int totalLength(byte[] p, int off) {
        return (p[off + 2] & 0xFF) << 8 | (p[off + 3] & 0xFF);
    }

    public static int protocol(byte[] p, int off) {
        return p[off + 9] & 0xFF;
    }

    public static int source(byte[] p, int off) {
        return readInt(p, off + 12);
    }

    public static int destination(byte[] p, int off) {
        return readInt(p, off + 16);
    }

    /** Destination port for TCP/UDP of an unfragmented first fragment, else 0 (selectors then treat it as opaque). */
    public static int destinationPort(byte[] p, int off, int length) {
        return port(p, off, length, 2);
    }

    public static int sourcePort(byte[] p, int off, int length) {
        return port(p, off, length, 0);
    }

    private static int port(byte[] p, int off, int length, int within) {
        int protocol = protocol(p, off);
        int headerLength = headerLength(p, off);
        boolean firstFragment = ((p[off + 6] & 0x1F) | (p[off + 7] & 0xFF)) == 0;
        if ((protocol != PROTOCOL_TCP && protocol != PROTOCOL_UDP) || !firstFragment || headerLength + 4 > length) {
            return 0;
        }
        int at = off + headerLength + within;
        return (p[at] & 0xFF) << 8 | (p[at + 1] & 0xFF);
    }

    /** Writes a 20-byte header without options and with its checksum. */
    public static void write(byte[] p, int off, int totalLength, int identification, int ttl, int protocol, int source,
            int destination) {
        p[off] = 0x45;
        p[off + 1] = 0;
        p[off + 2] = (byte) (totalLength >>> 8);
        p[off + 3] = (byte) totalLength;
        p[off + 4] = (byte) (identification >>> 8);
        p[off + 5] = (byte) identification;
        p[off + 6] = 0x40; // don't fragment
        p[off + 7] = 0;
        p[off + 8] = (byte) ttl;
        p[off + 9] = (byte) protocol;
        writeInt(p, off + 12, source);
        writeInt(p, off + 16, destination);
        updateChecksum(p, off);
    }

    /** Recomputes the header checksum after fields were changed. */
    public static void updateChecksum(byte[] p, int off) {
        p[off + 10] = 0;
        p[off + 11] = 0;
        int checksum = InternetChecksum.of(p, off, headerLength(p, off));
        p[off + 10] = (byte) (checksum >>> 8);
        p[off + 11] = (byte) checksum;
    }

    static int readInt(byte[] p, int off) {
        return (p[off] & 0xFF) << 24 | (p[off + 1] & 0xFF) << 16 | (p[off + 2] & 0xFF) << 8 | (p[off + 3] & 0xFF);
    }

    static void writeInt(byte[] p, int off, int v) {
        p[off] = (byte) (v >>> 24);
        p[off + 1] = (byte) (v >>> 16);
        p[off + 2] = (byte) (v >>> 8);
        p[off + 3] = (byte) v;
    }

    /** Dotted-quad form, for logs and tests. */
    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    /** Parses a dotted quad strictly (four decimal octets). */
    public static int parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            address = address << 8 | octet;
        }
        return address;
    }
}
