package io.vpnplane.agent.crypto;

import java.util.Arrays;
import java.util.Optional;

/**
 * IKEv2 transform type 3 (integrity), truncated HMACs: RFC 2403/2404 (96-bit MD5/SHA-1 ICVs) and
 * RFC 4868 (SHA-2 ICVs of half the hash length, keys of the full hash length).
 *
 * <p>The same transforms and sizes apply to ESP (RFC 4303) and to the IKEv2 Encrypted payload.
 */
public enum IntegrityAlgorithm {
    HMAC_MD5_96(1, "HmacMD5", 16, 12, "md5", "md5"),
    HMAC_SHA1_96(2, "HmacSHA1", 20, 12, "sha1", "sha1"),
    HMAC_SHA2_256_128(12, "HmacSHA256", 32, 16, "sha256", "sha256"),
    HMAC_SHA2_384_192(13, "HmacSHA384", 48, 24, "sha384", "sha384"),
    HMAC_SHA2_512_256(14, "HmacSHA512", 64, 32, "sha512", "sha512");

    private final int transformId;
    private final String jceName;
    private final int keyLength;
    private final int icvLength;
    private final String configName;
    private final String strongSwanKeyword;

    IntegrityAlgorithm(int transformId, String jceName, int keyLength, int icvLength, String configName,
            String strongSwanKeyword) {
        this.transformId = transformId;
        this.jceName = jceName;
        this.keyLength = keyLength;
        this.icvLength = icvLength;
        this.configName = configName;
        this.strongSwanKeyword = strongSwanKeyword;
    }

    /** IANA IKEv2 transform ID (type 3). */
    public int transformId() {
        return transformId;
    }

    /** Key length in bytes (length of SK_ai/SK_ar and of the ESP integrity keys). */
    public int keyLength() {
        return keyLength;
    }

    /** Truncated ICV length in bytes. */
    public int icvLength() {
        return icvLength;
    }

    /** Name in vpnplane's API ({@code md5}, {@code sha1}, {@code sha256}, ...). */
    public String configName() {
        return configName;
    }

    /** strongSwan proposal keyword ({@code sha256} means HMAC_SHA2_256_128 there too). */
    public String strongSwanKeyword() {
        return strongSwanKeyword;
    }

    /** The PRF built on the same hash (what strongSwan and REQ-TUN-004 pair with it). */
    public PseudoRandomFunction matchingPrf() {
        return switch (this) {
            case HMAC_MD5_96 -> PseudoRandomFunction.HMAC_MD5;
            case HMAC_SHA1_96 -> PseudoRandomFunction.HMAC_SHA1;
            case HMAC_SHA2_256_128 -> PseudoRandomFunction.HMAC_SHA2_256;
            case HMAC_SHA2_384_192 -> PseudoRandomFunction.HMAC_SHA2_384;
            case HMAC_SHA2_512_256 -> PseudoRandomFunction.HMAC_SHA2_512;
        };
    }

    String jceName() {
        return jceName;
    }

    /**
     * Creates a checker keyed once with {@code key}; not thread-safe (see the package documentation).
     *
     * @throws IllegalArgumentException if the key is not {@link #keyLength()} bytes
     */
    public IntegrityChecker newChecker(byte[] key) {
        return new IntegrityChecker(this, key);
    }

    public static Optional<IntegrityAlgorithm> fromTransformId(int transformId) {
        return Arrays.stream(values()).filter(a -> a.transformId == transformId).findFirst();
    }

    public static Optional<IntegrityAlgorithm> fromConfigName(String name) {
        return Arrays.stream(values()).filter(a -> a.configName.equals(name)).findFirst();
    }
}
