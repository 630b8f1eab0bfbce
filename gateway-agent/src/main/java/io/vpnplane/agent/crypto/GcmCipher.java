package io.vpnplane.agent.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 16-byte ICV as used by IKEv2 (RFC 5282) and ESP (RFC 4106): the 12-byte nonce is
 * the 4-byte salt (last bytes of the key material) followed by the 8-byte explicit IV carried in the
 * message; the ICV follows the ciphertext.
 *
 * <p>Not thread-safe. The JDK refuses to encrypt twice with the same key and IV on one instance,
 * which guards against the fatal GCM nonce reuse; callers must use a fresh IV (a counter) anyway.
 */
public final class GcmCipher implements SymmetricCipher {

    private static final int TAG_BITS = 128;

    private final EncryptionAlgorithm algorithm;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private final Cipher encryptor;
    private final Cipher decryptor;

    GcmCipher(EncryptionAlgorithm algorithm, byte[] keyMaterial) {
        if (!algorithm.isAead()) {
            throw new IllegalArgumentException(algorithm + " is not an AEAD");
        }
        if (keyMaterial.length != algorithm.keyMaterialLength()) {
            throw new IllegalArgumentException(algorithm + " needs " + algorithm.keyMaterialLength()
                    + " bytes of key material (key + 4-byte salt), got " + keyMaterial.length);
        }
        this.algorithm = algorithm;
        this.key = new SecretKeySpec(keyMaterial, 0, algorithm.keyLength(), "AES");
        System.arraycopy(keyMaterial, algorithm.keyLength(), nonce, 0, algorithm.saltLength());
        try {
            this.encryptor = Cipher.getInstance("AES/GCM/NoPadding");
            this.decryptor = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks AES/GCM", e);
        }
    }

    @Override
    public EncryptionAlgorithm algorithm() {
        return algorithm;
    }

    /** Explicit IV length on the wire (8). */
    public int ivLength() {
        return algorithm.ivLength();
    }

    /** ICV length (16). */
    public int icvLength() {
        return algorithm.icvLength();
    }

    /**
     * Encrypts and authenticates: writes ciphertext followed by the ICV to {@code out}.
     *
     * @param explicitIv 8 bytes at {@code ivOffset}
     * @param aad additional authenticated data (for IKEv2: IKE header up to the Encrypted payload's
     *            content; for ESP: SPI and sequence number)
     * @return bytes written: {@code length + 16}
     */
    public int seal(byte[] explicitIv, int ivOffset, byte[] aad, int aadOffset, int aadLength,
            byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        try {
            init(encryptor, Cipher.ENCRYPT_MODE, explicitIv, ivOffset, aad, aadOffset, aadLength);
            return encryptor.doFinal(in, inOffset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed (IV reused?)", e);
        }
    }

    /**
     * Verifies the ICV (last 16 of {@code length} bytes) and decrypts; writes {@code length - 16}
     * bytes. Nothing is written when the check fails.
     *
     * @throws AEADBadTagException if the ICV does not match (tampered, wrong key, wrong AAD)
     */
    public int open(byte[] explicitIv, int ivOffset, byte[] aad, int aadOffset, int aadLength,
            byte[] in, int inOffset, int length, byte[] out, int outOffset) throws AEADBadTagException {
        if (length < icvLength()) {
            throw new AEADBadTagException("input shorter than the ICV");
        }
        try {
            init(decryptor, Cipher.DECRYPT_MODE, explicitIv, ivOffset, aad, aadOffset, aadLength);
            return decryptor.doFinal(in, inOffset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private void init(Cipher cipher, int mode, byte[] explicitIv, int ivOffset, byte[] aad, int aadOffset,
            int aadLength) throws GeneralSecurityException {
        System.arraycopy(explicitIv, ivOffset, nonce, algorithm.saltLength(), algorithm.ivLength());
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        if (aadLength > 0) {
            cipher.updateAAD(aad, aadOffset, aadLength);
        }
    }
}
