package io.vpnplane.agent.dataplane;

/**
 * The 10-byte {@code struct virtio_net_hdr} a TUN device opened with {@code IFF_VNET_HDR} puts before
 * every packet it hands out and expects before every packet written to it (Virtio 1.2 §5.1.6,
 * legacy little-endian layout as the kernel's TUN driver uses on little-endian hosts).
 *
 * @param flags {@link #NEEDS_CHECKSUM}: the checksum at {@code checksumStart + checksumOffset} holds
 *              only the pseudo-header sum, the rest is still to be added
 * @param gsoType {@link #GSO_NONE} for a plain packet, else the segmentation the packet needs, possibly
 *                with {@link #GSO_ECN}
 * @param headerLength length of the headers to copy onto every segment (a hint; not trusted here)
 * @param gsoSize payload bytes per segment (the TCP MSS)
 */
public record VirtioNetHeader(int flags, int gsoType, int headerLength, int gsoSize, int checksumStart,
        int checksumOffset) {

    public static final int LENGTH = 10;
    public static final int NEEDS_CHECKSUM = 1;
    public static final int DATA_VALID = 2;
    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_UDP = 3;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_UDP_L4 = 5;
    public static final int GSO_ECN = 0x80;

    /** A plain, complete packet: no checksum or segmentation left to do. */
    public static final VirtioNetHeader NONE = new VirtioNetHeader(0, GSO_NONE, 0, 0, 0, 0);

    public static VirtioNetHeader read(byte[] p, int off) {
        return new VirtioNetHeader(p[off] & 0xFF, p[off + 1] & 0xFF, le16(p, off + 2), le16(p, off + 4),
                le16(p, off + 6), le16(p, off + 8));
    }

    public void write(byte[] p, int off) {
        p[off] = (byte) flags;
        p[off + 1] = (byte) gsoType;
        putLe16(p, off + 2, headerLength);
        putLe16(p, off + 4, gsoSize);
        putLe16(p, off + 6, checksumStart);
        putLe16(p, off + 8, checksumOffset);
    }

    /** The segmentation type without the ECN bit. */
    public int segmentation() {
        return gsoType & ~GSO_ECN;
    }

    public boolean needsChecksum() {
        return (flags & NEEDS_CHECKSUM) != 0;
    }

    private static int le16(byte[] p, int off) {
        return (p[off] & 0xFF) | (p[off + 1] & 0xFF) << 8;
    }

    private static void putLe16(byte[] p, int off, int v) {
        p[off] = (byte) v;
        p[off + 1] = (byte) (v >>> 8);
    }
}
