package io.vpnplane.agent.ike.message;

/** KE payload (RFC 7296 §3.4): the Diffie-Hellman group number and the public value. */
public record KeyExchangePayload(int dhGroup, byte[] keyData) implements Payload {

    public KeyExchangePayload {
        keyData = keyData.clone();
    }

    @Override
    public int type() {
        return PayloadType.KEY_EXCHANGE;
    }

    @Override
    public byte[] body() {
        return new ByteWriter().u16(dhGroup).u16(0).bytes(keyData).toByteArray();
    }

    static KeyExchangePayload decode(ByteReader in) throws IkeDecodeException {
        int group = in.u16("KE group");
        in.u16("KE reserved");
        return new KeyExchangePayload(group, in.rest());
    }
}
