package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.Prf;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The keys of one ISAKMP SA authenticated with a pre-shared key and everything derived from them
 * (RFC 2409 §5, §5.5, App. B):
 * <pre>
 * SKEYID   = prf(PSK, Ni_b | Nr_b)
 * SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
 * SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
 * SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
 * Ka       = SKEYID_e if long enough, else K1 | K2 | ... with K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1)
 * IV (phase 1) = hash(g^xi | g^xr),  IV (phase 2, M-ID) = hash(last phase-1 CBC block | M-ID)
 * </pre>
 * "hash" is the negotiated hash itself, "prf" its HMAC. Not thread-safe (it keeps one {@link Prf}).
 * {@link #toString()} shows no key bytes.
 */
public final class Ikev1KeySchedule {

    private final Prf prf;
    private final String digest;
    private final EncryptionAlgorithm encryption;
    private final byte[] skeyid;
    private final byte[] skeyidD;
    private final byte[] skeyidA;
    private final byte[] encryptionKey;

    private Ikev1KeySchedule(Prf prf, EncryptionAlgorithm encryption, byte[] skeyid, byte[] skeyidD, byte[] skeyidA,
                             byte[] encryptionKey) {
        this.prf = prf;
        this.digest = digestName(prf.algorithm());
        this.encryption = encryption;
        this.skeyid = skeyid;
        this.skeyidD = skeyidD;
        this.skeyidA = skeyidA;
        this.encryptionKey = encryptionKey;
    }

    /** Derives SKEYID and its children for pre-shared-key authentication. */
    public static Ikev1KeySchedule derive(PseudoRandomFunction algorithm, EncryptionAlgorithm encryption, byte[] psk,
                                          byte[] nonceI, byte[] nonceR, byte[] sharedSecret, long cookieI,
                                          long cookieR) {
        if (encryption.isAead()) {
            throw new IllegalArgumentException("IKEv1 phase 1 uses CBC ciphers only, not " + encryption);
        }
        Prf prf = algorithm.newPrf();
        byte[] cookies = ByteBuffer.allocate(16).putLong(cookieI).putLong(cookieR).array();
        byte[] skeyid = prf.compute(psk, nonceI, nonceR);
        byte[] skeyidD = prf.compute(skeyid, sharedSecret, cookies, new byte[] {0});
        byte[] skeyidA = prf.compute(skeyid, skeyidD, sharedSecret, cookies, new byte[] {1});
        byte[] skeyidE = prf.compute(skeyid, skeyidA, sharedSecret, cookies, new byte[] {2});
        return new Ikev1KeySchedule(prf, encryption, skeyid, skeyidD, skeyidA,
                expand(prf, skeyidE, encryption.keyMaterialLength()));
    }

    /** RFC 2409 App. B: truncate SKEYID_e, or chain prf(SKEYID_e, ...) when it is too short. */
    static byte[] expand(Prf prf, byte[] skeyidE, int length) {
        if (skeyidE.length >= length) {
            return Arrays.copyOf(skeyidE, length);
        }
        byte[] key = new byte[length];
        byte[] block = new byte[] {0};
        for (int produced = 0; produced < length; produced += block.length) {
            block = prf.compute(skeyidE, block);
            System.arraycopy(block, 0, key, produced, Math.min(block.length, length - produced));
        }
        return key;
    }

    public EncryptionAlgorithm encryption() {
        return encryption;
    }

    /** The phase-1 encryption key Ka (a copy). */
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    byte[] skeyidD() {
        return skeyidD.clone();
    }

    byte[] skeyidA() {
        return skeyidA.clone();
    }

    /** IV of the first encrypted phase-1 message: hash(g^xi | g^xr) truncated to the cipher block. */
    public byte[] phase1Iv(byte[] publicI, byte[] publicR) {
        return Arrays.copyOf(hash(publicI, publicR), encryption.blockSize());
    }

    /** IV of the first message of a phase-2 exchange: hash(last phase-1 CBC block | M-ID). */
    public byte[] phase2Iv(byte[] lastPhase1Block, byte[] messageId) {
        return Arrays.copyOf(hash(lastPhase1Block, messageId), encryption.blockSize());
    }

    /** HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b). */
    public byte[] hashI(byte[] publicI, byte[] publicR, long cookieI, long cookieR, byte[] saIBody, byte[] idIBody) {
        return prf.compute(skeyid, publicI, publicR, cookies(cookieI, cookieR), saIBody, idIBody);
    }

    /** HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b). */
    public byte[] hashR(byte[] publicI, byte[] publicR, long cookieI, long cookieR, byte[] saIBody, byte[] idRBody) {
        return prf.compute(skeyid, publicR, publicI, cookies(cookieR, cookieI), saIBody, idRBody);
    }

    /** Quick-mode HASH(1) and the informational HASH: prf(SKEYID_a, M-ID | message after HASH). */
    public byte[] hash1(byte[] messageId, byte[] afterHash) {
        return prf.compute(skeyidA, messageId, afterHash);
    }

    /** Quick-mode HASH(2) = prf(SKEYID_a, M-ID | Ni_b | message after HASH). */
    public byte[] hash2(byte[] messageId, byte[] nonceI, byte[] afterHash) {
        return prf.compute(skeyidA, messageId, nonceI, afterHash);
    }

    /** Quick-mode HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b). */
    public byte[] hash3(byte[] messageId, byte[] nonceI, byte[] nonceR) {
        return prf.compute(skeyidA, new byte[] {0}, messageId, nonceI, nonceR);
    }

    /**
     * KEYMAT for the SA whose inbound SPI is {@code spi} (RFC 2409 §5.5): K1 = prf(SKEYID_d, [g(qm)^xy |]
     * protocol | SPI | Ni_b | Nr_b), Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b),
     * truncated to {@code length}; the encryption key comes first, then the integrity key.
     */
    public byte[] keymat(Optional<byte[]> pfsSecret, int protocol, int spi, byte[] nonceI, byte[] nonceR, int length) {
        byte[] seed = concat(pfsSecret.orElse(new byte[0]), new byte[] {(byte) protocol},
                ByteBuffer.allocate(4).putInt(spi).array(), nonceI, nonceR);
        byte[] keymat = new byte[length];
        byte[] block = new byte[0];
        for (int produced = 0; produced < length; produced += block.length) {
            block = prf.compute(skeyidD, block, seed);
            System.arraycopy(block, 0, keymat, produced, Math.min(block.length, length - produced));
        }
        return keymat;
    }

    /** NAT-D (RFC 3947 §3.2): hash(CKY-I | CKY-R | IP | port) with the negotiated hash. */
    public static byte[] natDiscovery(PseudoRandomFunction algorithm, long cookieI, long cookieR,
                                      java.net.InetSocketAddress endpoint) {
        return digest(digestName(algorithm), cookies(cookieI, cookieR), endpoint.getAddress().getAddress(),
                new byte[] {(byte) (endpoint.getPort() >>> 8), (byte) endpoint.getPort()});
    }

    private byte[] hash(byte[]... parts) {
        return digest(digest, parts);
    }

    private static byte[] digest(String name, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(name);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + name, e);
        }
    }

    private static String digestName(PseudoRandomFunction algorithm) {
        return switch (algorithm) {
            case HMAC_MD5 -> "MD5";
            case HMAC_SHA1 -> "SHA-1";
            case HMAC_SHA2_256 -> "SHA-256";
            case HMAC_SHA2_384 -> "SHA-384";
            case HMAC_SHA2_512 -> "SHA-512";
        };
    }

    private static byte[] cookies(long first, long second) {
        return ByteBuffer.allocate(16).putLong(first).putLong(second).array();
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }

    @Override
    public String toString() {
        return "Ikev1KeySchedule[" + prf.algorithm() + ", " + encryption + ", key bytes redacted]";
    }
}
