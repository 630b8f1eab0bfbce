package io.vpnplane.agent.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * IKEv2 transform type 4 (Diffie-Hellman group): MODP groups of RFC 2409 §6 / RFC 3526 (generator 2),
 * the NIST curves of RFC 5903 and Curve25519 of RFC 8031.
 *
 * <p>{@link #publicValueLength()} is the exact length of the KE payload's key exchange data:
 * MODP values are left-padded with zeros to the prime's length, ECP values are x | y without the
 * SEC1 0x04 prefix, Curve25519 values are the 32-byte little-endian u-coordinate.
 * {@link #sharedSecretLength()} is the length of g^ir as fed into the key schedule (MODP: padded to
 * the prime's length; ECP: the x-coordinate only).
 */
public enum DiffieHellmanGroup {
    MODP_768(1, Family.MODP, 96, 96, "group1", "modp768"),
    MODP_1024(2, Family.MODP, 128, 128, "group2", "modp1024"),
    MODP_1536(5, Family.MODP, 192, 192, "group5", "modp1536"),
    MODP_2048(14, Family.MODP, 256, 256, "group14", "modp2048"),
    ECP_256(19, Family.ECP, 64, 32, "ecp256", "ecp256"),
    ECP_384(20, Family.ECP, 96, 48, "ecp384", "ecp384"),
    CURVE_25519(31, Family.CURVE25519, 32, 32, "curve25519", "curve25519");

    /** The kind of mathematics behind a group. */
    public enum Family {
        MODP, ECP, CURVE25519
    }

    private final int transformId;
    private final Family family;
    private final int publicValueLength;
    private final int sharedSecretLength;
    private final String configName;
    private final String strongSwanKeyword;

    DiffieHellmanGroup(int transformId, Family family, int publicValueLength, int sharedSecretLength,
            String configName, String strongSwanKeyword) {
        this.transformId = transformId;
        this.family = family;
        this.publicValueLength = publicValueLength;
        this.sharedSecretLength = sharedSecretLength;
        this.configName = configName;
        this.strongSwanKeyword = strongSwanKeyword;
    }

    /** IANA IKEv2 transform ID (type 4), also the KE payload's "Diffie-Hellman Group Num". */
    public int transformId() {
        return transformId;
    }

    public Family family() {
        return family;
    }

    /** Exact length in bytes of a public value in the KE payload. */
    public int publicValueLength() {
        return publicValueLength;
    }

    /** The peer's KE data must be exactly this group's length before any arithmetic touches it. */
    void requirePublicValueLength(byte[] peerPublicValue) throws InvalidKeyExchangeValueException {
        if (peerPublicValue.length != publicValueLength()) {
            throw new InvalidKeyExchangeValueException(this + " public value must be " + publicValueLength()
                    + " bytes, got " + peerPublicValue.length);
        }
    }

    /** Length in bytes of the shared secret g^ir. */
    public int sharedSecretLength() {
        return sharedSecretLength;
    }

    /** Name in vpnplane's API: the seeds' {@code group1, group2, group5, group14} plus {@code ecp256, ecp384, curve25519}. */
    public String configName() {
        return configName;
    }

    /** strongSwan proposal keyword, e.g. {@code modp1024}, {@code ecp256}, {@code curve25519}. */
    public String strongSwanKeyword() {
        return strongSwanKeyword;
    }

    /**
     * Generates a fresh private key and returns the exchange holding it. Generate a new one for every
     * IKE_SA_INIT / CREATE_CHILD_SA exchange (no reuse of ephemeral keys).
     */
    public KeyExchange newKeyExchange(SecureRandom random) {
        return switch (family) {
            case MODP -> ModpKeyExchange.generate(this, random);
            case ECP -> EcpKeyExchange.generate(this, random);
            case CURVE25519 -> X25519KeyExchange.generate(this, random);
        };
    }

    /** Rebuilds an exchange from a known private key (big-endian scalar; X25519: RFC 7748 bytes); for known-answer tests. */
    KeyExchange keyExchangeFromPrivateKey(byte[] privateKey) {
        return switch (family) {
            case MODP -> ModpKeyExchange.fromPrivateKey(this, privateKey);
            case ECP -> EcpKeyExchange.fromPrivateKey(this, privateKey);
            case CURVE25519 -> X25519KeyExchange.fromPrivateKey(this, privateKey);
        };
    }

    public static Optional<DiffieHellmanGroup> fromTransformId(int transformId) {
        return Arrays.stream(values()).filter(g -> g.transformId == transformId).findFirst();
    }

    public static Optional<DiffieHellmanGroup> fromConfigName(String name) {
        return Arrays.stream(values()).filter(g -> g.configName.equals(name)).findFirst();
    }
}
