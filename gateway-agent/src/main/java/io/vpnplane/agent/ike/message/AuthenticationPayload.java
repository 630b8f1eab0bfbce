package io.vpnplane.agent.ike.message;

/** AUTH payload (RFC 7296 §3.8). */
public record AuthenticationPayload(int method, byte[] authData) implements Payload {

    /** Shared Key Message Integrity Code. */
    public static final int SHARED_KEY_MIC = 2;

    public AuthenticationPayload {
        authData = authData.clone();
    }

    @Override
    public int type() {
        return PayloadType.AUTHENTICATION;
    }

    @Override
    public byte[] body() {
        return new ByteWriter().u8(method).u8(0).u16(0).bytes(authData).toByteArray();
    }

    static AuthenticationPayload decode(ByteReader in) throws IkeDecodeException {
        int method = in.u8("AUTH method");
        in.bytes(3, "AUTH reserved");
        return new AuthenticationPayload(method, in.rest());
    }
}
