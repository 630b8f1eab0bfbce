package io.vpnplane.agent.dataplane;

/** The 16-bit one's-complement checksum of RFC 1071 (IPv4 header, ICMP). */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /** Checksum to store in the packet; over data that already contains a correct checksum it is 0. */
    public static int of(byte[] p, int off, int length) {
        long sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += (p[off + i] & 0xFF) << 8 | (p[off + i + 1] & 0xFF);
        }
        if (i < length) {
            sum += (p[off + i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
