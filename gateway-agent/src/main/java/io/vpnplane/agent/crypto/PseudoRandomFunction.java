package io.vpnplane.agent.crypto;

import java.util.Arrays;
import java.util.Optional;

/**
 * IKEv2 transform type 2 (PRF), HMAC family (RFC 2104, RFC 4868 §2.1 for SHA-2).
 *
 * <p>The output length is also the preferred key length, used for SK_d, SK_pi and SK_pr
 * (RFC 7296 §2.14). {@link #configName()} is the hash name of vpnplane's API (REQ-TUN-004: "the PRF
 * uses the same hash" as the authentication setting).
 */
public enum PseudoRandomFunction {
    HMAC_MD5(1, "HmacMD5", 16, "md5", "prfmd5"),
    HMAC_SHA1(2, "HmacSHA1", 20, "sha1", "prfsha1"),
    HMAC_SHA2_256(5, "HmacSHA256", 32, "sha256", "prfsha256"),
    HMAC_SHA2_384(6, "HmacSHA384", 48, "sha384", "prfsha384"),
    HMAC_SHA2_512(7, "HmacSHA512", 64, "sha512", "prfsha512");

    private final int transformId;
    private final String jceName;
    private final int outputLength;
    private final String configName;
    private final String strongSwanKeyword;

    PseudoRandomFunction(int transformId, String jceName, int outputLength, String configName,
            String strongSwanKeyword) {
        this.transformId = transformId;
        this.jceName = jceName;
        this.outputLength = outputLength;
        this.configName = configName;
        this.strongSwanKeyword = strongSwanKeyword;
    }

    /** IANA IKEv2 transform ID (type 2). */
    public int transformId() {
        return transformId;
    }

    /** Output length in bytes; also the preferred key length (RFC 7296 §2.14). */
    public int outputLength() {
        return outputLength;
    }

    /** Preferred key length in bytes for SK_d, SK_pi and SK_pr. */
    public int preferredKeyLength() {
        return outputLength;
    }

    /** Hash name in vpnplane's API ({@code md5}, {@code sha1}, {@code sha256}, ...). */
    public String configName() {
        return configName;
    }

    /** strongSwan proposal keyword, e.g. {@code prfsha256}. */
    public String strongSwanKeyword() {
        return strongSwanKeyword;
    }

    String jceName() {
        return jceName;
    }

    /** Creates a working instance; it is not thread-safe (see the package documentation). */
    public Prf newPrf() {
        return new Prf(this);
    }

    public static Optional<PseudoRandomFunction> fromTransformId(int transformId) {
        return Arrays.stream(values()).filter(p -> p.transformId == transformId).findFirst();
    }

    public static Optional<PseudoRandomFunction> fromConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }
}
