package io.vpnplane.agent.ikev1.message;

import java.util.Arrays;

/**
 * ID payload (RFC 2407 §4.6.2): phase-1 identities (ID_IPV4_ADDR, ID_FQDN) and quick-mode client IDs
 * (ID_IPV4_ADDR, ID_IPV4_ADDR_SUBNET) with IP protocol and port (0 = any).
 */
public record IdentificationPayload(int idType, int protocolId, int port, byte[] data) implements Payload {

    public static final int ID_IPV4_ADDR = 1;
    public static final int ID_FQDN = 2;
    public static final int ID_USER_FQDN = 3;
    public static final int ID_IPV4_ADDR_SUBNET = 4;
    public static final int ID_IPV4_ADDR_RANGE = 7;

    public IdentificationPayload {
        data = data.clone();
    }

    public static IdentificationPayload of(int idType, byte[] data) {
        return new IdentificationPayload(idType, 0, 0, data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int type() {
        return PayloadType.IDENTIFICATION;
    }

    @Override
    public byte[] body() {
        return new Writer().u8(idType).u8(protocolId).u16(port).bytes(data).toByteArray();
    }

    static IdentificationPayload decode(Reader in) throws IsakmpDecodeException {
        return new IdentificationPayload(in.u8("id type"), in.u8("id protocol"), in.u16("id port"), in.rest());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentificationPayload p && p.idType == idType && p.protocolId == protocolId
                && p.port == port && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return idType * 31 + Arrays.hashCode(data);
    }
}
