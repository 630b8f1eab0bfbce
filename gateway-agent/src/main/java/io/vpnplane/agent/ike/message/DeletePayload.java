package io.vpnplane.agent.ike.message;

import java.util.ArrayList;
import java.util.List;

/** Delete payload (RFC 7296 §3.11): protocol 1 (IKE, no SPIs) or 3 (ESP, 4-byte SPIs). */
public record DeletePayload(int protocolId, int spiSize, List<byte[]> spis) implements Payload {

    public DeletePayload {
        spis = spis.stream().map(byte[]::clone).toList();
        for (byte[] spi : spis) {
            if (spi.length != spiSize) {
                throw new IllegalArgumentException("SPI of " + spi.length + " bytes, expected " + spiSize);
            }
        }
    }

    public static DeletePayload ikeSa() {
        return new DeletePayload(ProtocolId.IKE, 0, List.of());
    }

    public static DeletePayload esp(List<byte[]> spis) {
        return new DeletePayload(ProtocolId.ESP, 4, spis);
    }

    @Override
    public int type() {
        return PayloadType.DELETE;
    }

    @Override
    public byte[] body() {
        ByteWriter out = new ByteWriter().u8(protocolId).u8(spiSize).u16(spis.size());
        spis.forEach(out::bytes);
        return out.toByteArray();
    }

    static DeletePayload decode(ByteReader in) throws IkeDecodeException {
        int protocol = in.u8("Delete protocol");
        int spiSize = in.u8("Delete SPI size");
        int count = in.u16("Delete SPI count");
        if ((long) count * spiSize != in.remaining()) {
            throw new IkeDecodeException(IkeDecodeException.Kind.BAD_LENGTH,
                    "Delete announces " + count + " SPIs of " + spiSize + " bytes, has " + in.remaining());
        }
        List<byte[]> spis = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            spis.add(in.bytes(spiSize, "Delete SPI"));
        }
        return new DeletePayload(protocol, spiSize, spis);
    }
}
