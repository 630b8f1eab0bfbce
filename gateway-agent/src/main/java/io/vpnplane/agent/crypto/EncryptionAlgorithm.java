package io.vpnplane.agent.crypto;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * IKEv2 transform type 1 (encryption), also used for ESP.
 *
 * <p>CBC ciphers (RFC 2451 DES/3DES, RFC 3602 AES-CBC) carry a random IV of one block and need a
 * separate {@link IntegrityAlgorithm}. AES-GCM with a 16-byte ICV (RFC 4106 for ESP, RFC 5282 for
 * IKEv2) is an AEAD: its key material is the AES key followed by a 4-byte salt, its IV on the wire is
 * the 8-byte explicit part of the nonce, and no integrity transform is negotiated.
 */
public enum EncryptionAlgorithm {
    DES_CBC(2, OptionalInt.empty(), "DES", 8, 8, 0, 0, "des", "des"),
    TRIPLE_DES_CBC(3, OptionalInt.empty(), "DESede", 24, 8, 0, 0, "3des", "3des"),
    AES_128_CBC(12, OptionalInt.of(128), "AES", 16, 16, 0, 0, "aes", "aes128"),
    AES_192_CBC(12, OptionalInt.of(192), "AES", 24, 16, 0, 0, "aes192", "aes192"),
    AES_256_CBC(12, OptionalInt.of(256), "AES", 32, 16, 0, 0, "aes256", "aes256"),
    AES_128_GCM_16(20, OptionalInt.of(128), "AES", 16, 8, 4, 16, "aes128gcm16", "aes128gcm16"),
    AES_256_GCM_16(20, OptionalInt.of(256), "AES", 32, 8, 4, 16, "aes256gcm16", "aes256gcm16");

    private final int transformId;
    private final OptionalInt keyLengthAttribute;
    private final String jceKeyAlgorithm;
    private final int keyLength;
    private final int ivLength;
    private final int saltLength;
    private final int icvLength;
    private final String configName;
    private final String strongSwanKeyword;

    EncryptionAlgorithm(int transformId, OptionalInt keyLengthAttribute, String jceKeyAlgorithm, int keyLength,
            int ivLength, int saltLength, int icvLength, String configName, String strongSwanKeyword) {
        this.transformId = transformId;
        this.keyLengthAttribute = keyLengthAttribute;
        this.jceKeyAlgorithm = jceKeyAlgorithm;
        this.keyLength = keyLength;
        this.ivLength = ivLength;
        this.saltLength = saltLength;
        this.icvLength = icvLength;
        this.configName = configName;
        this.strongSwanKeyword = strongSwanKeyword;
    }

    /** IANA IKEv2 transform ID (type 1). */
    public int transformId() {
        return transformId;
    }

    /** Value of the Key Length transform attribute (type 14) in bits, present for AES only. */
    public OptionalInt keyLengthAttribute() {
        return keyLengthAttribute;
    }

    /** Cipher key length in bytes, without the salt. */
    public int keyLength() {
        return keyLength;
    }

    /** Salt bytes appended to the key material (4 for GCM, 0 for CBC). */
    public int saltLength() {
        return saltLength;
    }

    /** Length of SK_e / ESP encryption key material: key plus salt (RFC 5282 §7.1, RFC 4106 §8.1). */
    public int keyMaterialLength() {
        return keyLength + saltLength;
    }

    /** Length of the IV sent on the wire: one block for CBC, 8 for GCM. */
    public int ivLength() {
        return ivLength;
    }

    /**
     * Block size that the plaintext (after padding) must be a multiple of: the cipher block for CBC,
     * 1 for GCM (a stream mode; IKE and ESP still pad to 4-byte alignment).
     */
    public int blockSize() {
        return isAead() ? 1 : ivLength;
    }

    /** ICV length of the AEAD (16), 0 for CBC ciphers. */
    public int icvLength() {
        return icvLength;
    }

    /** Whether it authenticates by itself (no integrity transform may be negotiated with it). */
    public boolean isAead() {
        return icvLength > 0;
    }

    /** Name in vpnplane's API: the seeds' {@code aes, aes192, aes256, des, 3des} plus {@code aes128gcm16, aes256gcm16}. */
    public String configName() {
        return configName;
    }

    /** strongSwan proposal keyword, e.g. {@code aes128}, {@code 3des}, {@code aes128gcm16}. */
    public String strongSwanKeyword() {
        return strongSwanKeyword;
    }

    String jceKeyAlgorithm() {
        return jceKeyAlgorithm;
    }

    /**
     * Creates a cipher keyed with {@code keyMaterial} ({@link #keyMaterialLength()} bytes: key, then
     * salt for GCM): a {@link CbcCipher} or a {@link GcmCipher}. Not thread-safe.
     */
    public SymmetricCipher newCipher(byte[] keyMaterial) {
        return isAead() ? new GcmCipher(this, keyMaterial) : new CbcCipher(this, keyMaterial);
    }

    /** Looks up a negotiated transform: ID plus the Key Length attribute if one was sent. */
    public static Optional<EncryptionAlgorithm> fromTransform(int transformId, OptionalInt keyLengthAttribute) {
        return Arrays.stream(values())
                .filter(a -> a.transformId == transformId && a.keyLengthAttribute.equals(keyLengthAttribute))
                .findFirst();
    }

    public static Optional<EncryptionAlgorithm> fromConfigName(String name) {
        return Arrays.stream(values()).filter(a -> a.configName.equals(name)).findFirst();
    }
}
