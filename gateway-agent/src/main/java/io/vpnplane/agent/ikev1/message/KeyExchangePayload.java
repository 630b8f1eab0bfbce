package io.vpnplane.agent.ikev1.message;

/** Key Exchange data: a Diffie-Hellman public value (RFC 2408 §3.7). */
public record KeyExchangePayload(byte[] data) implements Payload {

    public KeyExchangePayload {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int type() {
        return PayloadType.KEY_EXCHANGE;
    }

    @Override
    public byte[] body() {
        return data.clone();
    }
}
