package io.vpnplane.agent.ike;

/**
 * ESP keys of one CHILD_SA from our point of view (inbound = what the peer encrypts to us). For
 * AES-GCM the encryption key material ends with the 4-byte salt and the integrity keys are empty.
 * A secret: toString never shows the bytes.
 */
public record ChildSaKeys(byte[] inboundEncryptionKey, byte[] inboundIntegrityKey,
                          byte[] outboundEncryptionKey, byte[] outboundIntegrityKey) {

    public ChildSaKeys {
        inboundEncryptionKey = inboundEncryptionKey.clone();
        inboundIntegrityKey = inboundIntegrityKey.clone();
        outboundEncryptionKey = outboundEncryptionKey.clone();
        outboundIntegrityKey = outboundIntegrityKey.clone();
    }

    @Override
    public byte[] inboundEncryptionKey() {
        return inboundEncryptionKey.clone();
    }

    @Override
    public byte[] inboundIntegrityKey() {
        return inboundIntegrityKey.clone();
    }

    @Override
    public byte[] outboundEncryptionKey() {
        return outboundEncryptionKey.clone();
    }

    @Override
    public byte[] outboundIntegrityKey() {
        return outboundIntegrityKey.clone();
    }

    @Override
    public String toString() {
        return "ChildSaKeys[redacted]";
    }
}
