package io.vpnplane.agent.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes and verifies truncated ICVs with one fixed key (one per SA and direction).
 *
 * <p>Not thread-safe. After construction no call allocates: the full HMAC goes to a scratch buffer
 * and is truncated from there.
 */
public final class IntegrityChecker {

    private final IntegrityAlgorithm algorithm;
    private final Mac mac;
    private final byte[] fullMac;

    IntegrityChecker(IntegrityAlgorithm algorithm, byte[] key) {
        if (key.length != algorithm.keyLength()) {
            throw new IllegalArgumentException(algorithm + " needs a " + algorithm.keyLength()
                    + "-byte key, got " + key.length);
        }
        this.algorithm = algorithm;
        try {
            this.mac = Mac.getInstance(algorithm.jceName());
            this.mac.init(new SecretKeySpec(key, algorithm.jceName()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot set up " + algorithm.jceName(), e);
        }
        this.fullMac = new byte[mac.getMacLength()];
    }

    public IntegrityAlgorithm algorithm() {
        return algorithm;
    }

    public int icvLength() {
        return algorithm.icvLength();
    }

    /** Writes the truncated ICV of {@code data[offset, offset+length)} to {@code out[outOffset...]}. */
    public void computeIcv(byte[] data, int offset, int length, byte[] out, int outOffset) {
        fullMacOf(data, offset, length);
        System.arraycopy(fullMac, 0, out, outOffset, algorithm.icvLength());
    }

    /** The truncated ICV of {@code data[offset, offset+length)} as a new array. */
    public byte[] icv(byte[] data, int offset, int length) {
        byte[] out = new byte[algorithm.icvLength()];
        computeIcv(data, offset, length, out, 0);
        return out;
    }

    /** Checks, in constant time, the ICV at {@code icv[icvOffset...]} against the data. */
    public boolean verify(byte[] data, int offset, int length, byte[] icv, int icvOffset) {
        if (icvOffset < 0 || icvOffset + algorithm.icvLength() > icv.length) {
            return false;
        }
        fullMacOf(data, offset, length);
        return Octets.constantTimeEquals(fullMac, 0, icv, icvOffset, algorithm.icvLength());
    }

    private void fullMacOf(byte[] data, int offset, int length) {
        mac.update(data, offset, length);
        try {
            mac.doFinal(fullMac, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("scratch buffer sized from getMacLength()", e);
        }
    }
}
