package io.vpnplane.connection.ipsec;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A tunnel's pre-shared key (REQ-TUN-002): 1–100 characters from letters, digits and the seeds' punctuation, no
 * spaces. Its {@code toString} never shows the key, so it cannot leak into logs by accident.
 */
public final class PreSharedKey {

    public static final int MAX_LENGTH = 100;
    public static final int GENERATED_LENGTH = 16;

    private static final String PUNCTUATION = "~`!@#$%^&*()_-+={}[]\\|;:',.<>/?";
    private static final String ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final RandomGenerator RANDOM = new SecureRandom();

    private final String value;

    private PreSharedKey(String value) {
        this.value = value;
    }

    public static Optional<PreSharedKey> parse(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH || !text.chars().allMatch(PreSharedKey::allowed)) {
            return Optional.empty();
        }
        return Optional.of(new PreSharedKey(text));
    }

    /**
     * A random 16-character key of letters and digits only: every device accepts those without quoting, and 16
     * characters of 62 symbols still give about 95 bits.
     */
    public static PreSharedKey generate() {
        return generate(RANDOM);
    }

    static PreSharedKey generate(RandomGenerator random) {
        StringBuilder key = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            key.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return new PreSharedKey(key.toString());
    }

    private static boolean allowed(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || PUNCTUATION.indexOf(c) >= 0;
    }

    /** The key itself, for the owner's read-back, the peer configuration and encryption at rest only. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreSharedKey key && key.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "PreSharedKey[redacted]";
    }
}
