package io.vpnplane.agent.ike.message;

/**
 * The fixed 28-byte IKE header (RFC 7296 §3.1) without its next-payload and length fields, which
 * {@link IkeMessage} derives from the payload chain when encoding.
 */
public record IkeHeader(long initiatorSpi, long responderSpi, ExchangeType exchangeType,
                        boolean fromInitiator, boolean response, int messageId) {

    public static final int LENGTH = 28;
    static final int VERSION_2_0 = 0x20;
    static final int FLAG_INITIATOR = 0x08;
    static final int FLAG_VERSION = 0x10;
    static final int FLAG_RESPONSE = 0x20;

    public long messageIdUnsigned() {
        return Integer.toUnsignedLong(messageId);
    }

    void encode(ByteWriter out, int nextPayload, int totalLength) {
        out.u64(initiatorSpi).u64(responderSpi).u8(nextPayload).u8(VERSION_2_0).u8(exchangeType.code())
                .u8((fromInitiator ? FLAG_INITIATOR : 0) | (response ? FLAG_RESPONSE : 0))
                .u32(Integer.toUnsignedLong(messageId)).u32(totalLength);
    }
}
