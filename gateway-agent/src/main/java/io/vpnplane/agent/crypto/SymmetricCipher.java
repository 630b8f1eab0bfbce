package io.vpnplane.agent.crypto;

/**
 * A keyed cipher for one SA and direction: {@link CbcCipher} (needs a separate integrity check) or
 * {@link GcmCipher} (AEAD). Not thread-safe.
 */
public sealed interface SymmetricCipher permits CbcCipher, GcmCipher {

    EncryptionAlgorithm algorithm();
}
