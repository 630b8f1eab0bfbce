package io.vpnplane.agent.ikev1.message;

/** A HASH_I/HASH_R or phase-2 HASH value (RFC 2408 §3.11). */
public record HashPayload(byte[] data) implements Payload {

    public HashPayload {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int type() {
        return PayloadType.HASH;
    }

    @Override
    public byte[] body() {
        return data.clone();
    }
}
