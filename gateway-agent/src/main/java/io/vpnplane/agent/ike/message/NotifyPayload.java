package io.vpnplane.agent.ike.message;

/** Notify payload (RFC 7296 §3.10). The type stays an int so unknown notifies survive decoding. */
public record NotifyPayload(int protocolId, byte[] spi, int messageType, byte[] data) implements Payload {

    public NotifyPayload {
        spi = spi.clone();
        data = data.clone();
        if (spi.length > 255) {
            throw new IllegalArgumentException("SPI longer than 255 bytes");
        }
    }

    /** A notify about the IKE SA itself (protocol 0, no SPI). */
    public static NotifyPayload of(NotifyType type, byte[] data) {
        return new NotifyPayload(0, new byte[0], type.code(), data);
    }

    public static NotifyPayload of(NotifyType type) {
        return of(type, new byte[0]);
    }

    public boolean is(NotifyType type) {
        return messageType == type.code();
    }

    public boolean isError() {
        return messageType < NotifyType.FIRST_STATUS_TYPE;
    }

    @Override
    public int type() {
        return PayloadType.NOTIFY;
    }

    @Override
    public byte[] body() {
        return new ByteWriter().u8(protocolId).u8(spi.length).u16(messageType).bytes(spi).bytes(data)
                .toByteArray();
    }

    static NotifyPayload decode(ByteReader in) throws IkeDecodeException {
        int protocol = in.u8("Notify protocol");
        int spiSize = in.u8("Notify SPI size");
        int type = in.u16("Notify type");
        byte[] spi = in.bytes(spiSize, "Notify SPI");
        return new NotifyPayload(protocol, spi, type, in.rest());
    }
}
