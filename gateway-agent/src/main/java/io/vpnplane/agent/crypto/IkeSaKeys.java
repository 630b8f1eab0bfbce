package io.vpnplane.agent.crypto;

/**
 * The seven IKE SA keys of RFC 7296 §2.14. With an AEAD cipher {@code skAi}/{@code skAr} are empty and
 * {@code skEi}/{@code skEr} include the 4-byte salt.
 *
 * <p>The arrays are handed over, not copied: treat them as read-only. {@link #toString()} never shows
 * key bytes.
 */
public record IkeSaKeys(IkeSaTransforms transforms, byte[] skD, byte[] skAi, byte[] skAr, byte[] skEi,
        byte[] skEr, byte[] skPi, byte[] skPr) {

    @Override
    public String toString() {
        return "IkeSaKeys[" + transforms + ", key bytes redacted]";
    }
}
