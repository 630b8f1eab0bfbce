package io.vpnplane.agent.ike.message;

/**
 * SK payload (RFC 7296 §3.14): IV, ciphertext and ICV as one opaque block. Its generic header's
 * "next payload" field names the first payload inside the ciphertext, hence {@code firstInnerType}.
 * It is always the last payload of a message.
 */
public record EncryptedPayload(int firstInnerType, byte[] protectedData) implements Payload {

    public EncryptedPayload {
        protectedData = protectedData.clone();
    }

    @Override
    public int type() {
        return PayloadType.ENCRYPTED;
    }

    @Override
    public byte[] body() {
        return protectedData.clone();
    }
}
