package io.vpnplane.agent.ikev1.message;

/** Nonce data (RFC 2408 §3.13). */
public record NoncePayload(byte[] data) implements Payload {

    public NoncePayload {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int type() {
        return PayloadType.NONCE;
    }

    @Override
    public byte[] body() {
        return data.clone();
    }
}
