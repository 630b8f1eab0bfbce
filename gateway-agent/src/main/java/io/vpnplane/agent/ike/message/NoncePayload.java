package io.vpnplane.agent.ike.message;

/** Nonce payload (RFC 7296 §3.9). Length limits (16..256 bytes) are checked by the decoder. */
public record NoncePayload(byte[] nonce) implements Payload {

    public NoncePayload {
        nonce = nonce.clone();
    }

    @Override
    public int type() {
        return PayloadType.NONCE;
    }

    @Override
    public byte[] body() {
        return nonce.clone();
    }

    static NoncePayload decode(ByteReader in) throws IkeDecodeException {
        if (in.remaining() < 16 || in.remaining() > 256) {
            throw new IkeDecodeException(IkeDecodeException.Kind.MALFORMED,
                    "nonce of " + in.remaining() + " bytes, must be 16..256");
        }
        return new NoncePayload(in.rest());
    }
}
