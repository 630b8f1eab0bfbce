package io.vpnplane.agent.esp;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import java.util.Objects;

/**
 * Everything needed to install one direction of a CHILD_SA: the SPI (the receiver's, i.e. the one the
 * peer chose for outbound SAs), negotiated transforms, keys from the CHILD_SA KEYMAT (encryption key
 * includes the 4-byte salt for AES-GCM; integrity key empty with an AEAD), ESN (RFC 4304) and the
 * anti-replay window size (inbound only; 0 disables the check, which RFC 4303 allows per receiver).
 *
 * <p>Key arrays are copied into the cipher objects at installation and not kept.
 */
public record EspSaSpec(int spi, ChildSaTransforms transforms, byte[] encryptionKey, byte[] integrityKey,
        boolean extendedSequenceNumbers, int replayWindowSize, SaLifetime lifetime) {

    public EspSaSpec {
        Objects.requireNonNull(transforms, "transforms");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(integrityKey, "integrityKey");
        Objects.requireNonNull(lifetime, "lifetime");
        if (Integer.compareUnsigned(spi, 256) < 0) {
            // RFC 4303 §2.1: 1..255 are reserved by IANA, 0 is local-only; 0 would also read as the non-ESP marker.
            throw new IllegalArgumentException("ESP SPI must be at least 256, got " + Integer.toUnsignedString(spi));
        }
        if (encryptionKey.length != transforms.encryption().keyMaterialLength()) {
            throw new IllegalArgumentException(transforms.encryption() + " needs "
                    + transforms.encryption().keyMaterialLength() + " bytes of key material, got " + encryptionKey.length);
        }
        int integrityKeyLength = transforms.integrity().map(i -> i.keyLength()).orElse(0);
        if (integrityKey.length != integrityKeyLength) {
            throw new IllegalArgumentException("integrity key must be " + integrityKeyLength + " bytes, got "
                    + integrityKey.length);
        }
        if (replayWindowSize != 0 && (replayWindowSize < 32 || replayWindowSize > AntiReplayWindow.MAX_SIZE)) {
            throw new IllegalArgumentException("replay window must be 0 (off) or 32.." + AntiReplayWindow.MAX_SIZE);
        }
    }

    @Override
    public String toString() {
        return "EspSaSpec[spi=" + Integer.toHexString(spi) + ", " + transforms + ", esn=" + extendedSequenceNumbers
                + ", replayWindow=" + replayWindowSize + ", " + lifetime + ", key bytes redacted]";
    }
}
