package io.vpnplane.agent.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A working instance of a {@link PseudoRandomFunction}: prf(K, S) and prf+ (RFC 7296 §2.13).
 *
 * <p>Not thread-safe: it keeps one JCE {@link Mac}. Keys are given per call because IKE uses each
 * PRF key only a few times.
 */
public final class Prf {

    private static final int MAX_PRF_PLUS_BLOCKS = 255;

    private final PseudoRandomFunction algorithm;
    private final Mac mac;

    Prf(PseudoRandomFunction algorithm) {
        this.algorithm = algorithm;
        try {
            this.mac = Mac.getInstance(algorithm.jceName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + algorithm.jceName(), e);
        }
    }

    public PseudoRandomFunction algorithm() {
        return algorithm;
    }

    public int outputLength() {
        return algorithm.outputLength();
    }

    /**
     * prf(key, data[0] | data[1] | ...).
     *
     * @param key any non-empty length (HMAC hashes long keys, pads short ones)
     */
    public byte[] compute(byte[] key, byte[]... data) {
        init(key);
        for (byte[] part : data) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /**
     * prf+(key, seed) truncated to {@code length} bytes: T1 = prf(K, S | 0x01),
     * Tn = prf(K, Tn-1 | S | n), at most 255 blocks (RFC 7296 §2.13).
     *
     * @throws IllegalArgumentException if {@code length} needs more than 255 blocks
     */
    public byte[] prfPlus(byte[] key, byte[] seed, int length) {
        int blockLength = algorithm.outputLength();
        if (length < 0 || length > MAX_PRF_PLUS_BLOCKS * blockLength) {
            throw new IllegalArgumentException("prf+ can produce at most " + MAX_PRF_PLUS_BLOCKS * blockLength
                    + " bytes with " + algorithm + ", asked for " + length);
        }
        init(key);
        byte[] output = new byte[length];
        byte[] previous = new byte[0];
        int produced = 0;
        for (int counter = 1; produced < length; counter++) {
            mac.update(previous);
            mac.update(seed);
            mac.update((byte) counter);
            previous = mac.doFinal();
            int take = Math.min(blockLength, length - produced);
            System.arraycopy(previous, 0, output, produced, take);
            produced += take;
        }
        return output;
    }

    private void init(byte[] key) {
        try {
            mac.init(new SecretKeySpec(key, algorithm.jceName()));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unusable " + algorithm + " key", e);
        }
    }
}
