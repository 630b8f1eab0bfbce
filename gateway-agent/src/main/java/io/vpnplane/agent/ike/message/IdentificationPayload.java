package io.vpnplane.agent.ike.message;

/**
 * IDi/IDr payload (RFC 7296 §3.5). The bytes after the generic header form the "RestOfIDPayload"
 * that PSK AUTH signs, see {@link #body()}.
 */
public record IdentificationPayload(boolean initiator, int idType, byte[] idData) implements Payload {

    public static final int ID_IPV4_ADDR = 1;
    public static final int ID_FQDN = 2;
    public static final int ID_RFC822_ADDR = 3;
    public static final int ID_IPV6_ADDR = 5;
    public static final int ID_KEY_ID = 11;

    public IdentificationPayload {
        idData = idData.clone();
    }

    @Override
    public int type() {
        return initiator ? PayloadType.IDENTIFICATION_INITIATOR : PayloadType.IDENTIFICATION_RESPONDER;
    }

    @Override
    public byte[] body() {
        return new ByteWriter().u8(idType).u8(0).u16(0).bytes(idData).toByteArray();
    }

    static IdentificationPayload decode(boolean initiator, ByteReader in) throws IkeDecodeException {
        int idType = in.u8("ID type");
        in.bytes(3, "ID reserved");
        return new IdentificationPayload(initiator, idType, in.rest());
    }
}
