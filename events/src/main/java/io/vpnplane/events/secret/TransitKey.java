package io.vpnplane.events.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The service-to-service key that carries pre-shared keys from connection-service to tunnel-service inside connection
 * events, so a PSK is never in plain text on a topic (docs/architecture.md, "Secrets").
 *
 * <p>Format of a transit-sealed value: {@code "v1." + base64(nonce[12] || AES-256-GCM ciphertext || tag[16])}, AAD =
 * UTF-8 of {@code tunnelId + "/" + preSharedKeyVersion}, so a value cannot be replayed onto another tunnel or an older
 * key version. The key comes from {@code vpnplane.secrets.transit-key} (standard base64, 32 bytes), shared by the two
 * services only. It lives in the events module because the sealed value is part of the event contract
 * ({@code IpsecConnectionState.Tunnel.transitSealedPreSharedKey}): connection-service seals, tunnel-service opens.
 */
public final class TransitKey {

    private static final String PREFIX = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private TransitKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the transit key must be 32 bytes (AES-256), not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** From standard base64 of 32 bytes. */
    public static TransitKey fromBase64(String base64) {
        return new TransitKey(Base64.getDecoder().decode(base64.trim()));
    }

    /** What connection-service does for every tunnel key it publishes. */
    public String seal(String tunnelId, int preSharedKeyVersion, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, nonce, aad(tunnelId, preSharedKeyVersion), secret, 0, secret.length);
        return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + ciphertext.length)
                .put(nonce).put(ciphertext).array());
    }

    /**
     * @throws IllegalArgumentException when the value is malformed, was sealed for another tunnel or key version, or
     *                                  with another key
     */
    public byte[] open(String tunnelId, int preSharedKeyVersion, String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("unknown transit-sealed format");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transit-sealed value is not base64");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("transit-sealed value is too short");
        }
        return crypt(Cipher.DECRYPT_MODE, Arrays.copyOf(raw, NONCE_BYTES), aad(tunnelId, preSharedKeyVersion), raw,
                NONCE_BYTES, raw.length - NONCE_BYTES);
    }

    private byte[] crypt(int mode, byte[] nonce, byte[] aad, byte[] input, int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input, offset, length);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("transit-sealed value does not open with this key for this tunnel and key version");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] aad(String tunnelId, int preSharedKeyVersion) {
        return (tunnelId + "/" + preSharedKeyVersion).getBytes(StandardCharsets.UTF_8);
    }
}
