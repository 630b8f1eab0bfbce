package io.vpnplane.agent.ikev1.message;

/**
 * The fixed ISAKMP header (RFC 2408 §3.1) without the fields the codec derives: the first payload type and
 * the length. Version is always 1.0.
 */
public record IsakmpHeader(long initiatorCookie, long responderCookie, int exchangeType, int flags, long messageId) {

    public static final int LENGTH = 28;
    public static final int VERSION_1_0 = 0x10;
    public static final int FLAG_ENCRYPTION = 1;
    public static final int FLAG_COMMIT = 2;

    public boolean encrypted() {
        return (flags & FLAG_ENCRYPTION) != 0;
    }

    /** The 4-byte message ID as it appears on the wire, for the phase-2 hashes and IVs. */
    public byte[] messageIdBytes() {
        return new byte[] {(byte) (messageId >>> 24), (byte) (messageId >>> 16), (byte) (messageId >>> 8),
                (byte) messageId};
    }

    /** The first byte of a datagram's version field: 0x10 for IKEv1, 0x20 for IKEv2. */
    public static boolean isVersion1(byte[] datagram) {
        return datagram.length >= LENGTH && (datagram[17] & 0xf0) == 0x10;
    }
}
