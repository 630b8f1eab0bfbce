package io.vpnplane.agent.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * DES/3DES/AES in CBC mode without padding, keyed once, IV given per message (the caller pads per
 * RFC 7296 §3.14 or RFC 4303 §2.4 and generates IVs).
 *
 * <p>Not thread-safe. It keeps separate JCE instances for the two directions so that the key schedule
 * expanded by the JDK (AES is intrinsified) is reused message after message.
 */
public final class CbcCipher implements SymmetricCipher {

    private final EncryptionAlgorithm algorithm;
    private final SecretKeySpec key;
    private final Cipher encryptor;
    private final Cipher decryptor;

    CbcCipher(EncryptionAlgorithm algorithm, byte[] keyMaterial) {
        if (algorithm.isAead()) {
            throw new IllegalArgumentException(algorithm + " is not a CBC cipher");
        }
        if (keyMaterial.length != algorithm.keyMaterialLength()) {
            throw new IllegalArgumentException(algorithm + " needs a " + algorithm.keyMaterialLength()
                    + "-byte key, got " + keyMaterial.length);
        }
        this.algorithm = algorithm;
        this.key = new SecretKeySpec(keyMaterial, algorithm.jceKeyAlgorithm());
        String transformation = algorithm.jceKeyAlgorithm() + "/CBC/NoPadding";
        try {
            this.encryptor = Cipher.getInstance(transformation);
            this.decryptor = Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + transformation, e);
        }
    }

    @Override
    public EncryptionAlgorithm algorithm() {
        return algorithm;
    }

    /** IV length and block size in bytes. */
    public int blockSize() {
        return algorithm.ivLength();
    }

    /**
     * Encrypts {@code length} bytes (a multiple of the block size) into {@code out}; {@code in} and
     * {@code out} may be the same array at the same offset.
     *
     * @return the number of bytes written ({@code length})
     */
    public int encrypt(byte[] iv, int ivOffset, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        return run(encryptor, Cipher.ENCRYPT_MODE, iv, ivOffset, in, inOffset, length, out, outOffset);
    }

    /** Decrypts {@code length} bytes (a multiple of the block size); in-place allowed. */
    public int decrypt(byte[] iv, int ivOffset, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        return run(decryptor, Cipher.DECRYPT_MODE, iv, ivOffset, in, inOffset, length, out, outOffset);
    }

    private int run(Cipher cipher, int mode, byte[] iv, int ivOffset, byte[] in, int inOffset, int length,
            byte[] out, int outOffset) {
        int blockSize = blockSize();
        if (length % blockSize != 0) {
            throw new IllegalArgumentException("CBC input of " + length + " bytes is not a multiple of " + blockSize);
        }
        try {
            cipher.init(mode, key, new IvParameterSpec(iv, ivOffset, blockSize));
            return cipher.doFinal(in, inOffset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " CBC failed on block-aligned input", e);
        }
    }
}
