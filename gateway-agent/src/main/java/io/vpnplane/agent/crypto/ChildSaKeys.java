package io.vpnplane.agent.crypto;

/**
 * ESP keys of one CHILD_SA (RFC 7296 §2.17): for the SA carrying initiator-to-responder traffic
 * ({@code initiatorEncryption}, {@code initiatorIntegrity}) and the one in the other direction.
 * Encryption keys include the salt for AEADs; integrity keys are empty with an AEAD.
 *
 * <p>The arrays are handed over, not copied: treat them as read-only. {@link #toString()} never shows
 * key bytes.
 */
public record ChildSaKeys(ChildSaTransforms transforms, byte[] initiatorEncryption, byte[] initiatorIntegrity,
        byte[] responderEncryption, byte[] responderIntegrity) {

    @Override
    public String toString() {
        return "ChildSaKeys[" + transforms + ", key bytes redacted]";
    }
}
