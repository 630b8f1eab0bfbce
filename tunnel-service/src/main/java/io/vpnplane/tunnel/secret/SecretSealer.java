package io.vpnplane.tunnel.secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

import io.vpnplane.events.agentconfig.SealedSecret;

/**
 * Seals a secret to a gateway node's X25519 public key with HPKE (RFC 9180) in base mode, DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-128-GCM, single shot: a fresh ephemeral key per seal, {@code info} =
 * {@link SealedSecret#INFO}, {@code aad} = the tunnel id. Only the node with the matching private key can open it, and
 * a sealed value copied into another tunnel's configuration fails to open. Thread-safe.
 */
public final class SecretSealer {

    static final int X25519_KEY_BYTES = 32;

    static HPKE hpke() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    }

    /**
     * @param recipientPublicKey the node's public key, standard base64 of 32 bytes
     * @param tunnelId           the tunnel the secret belongs to (bound as associated data)
     * @throws IllegalArgumentException when the key is not a 32-byte X25519 public key
     */
    public SealedSecret seal(String recipientPublicKey, String tunnelId, byte[] secret) {
        return seal(recipientPublicKey, tunnelId, secret, hpke().generatePrivateKey());
    }

    private SealedSecret seal(String recipientPublicKey, String tunnelId, byte[] secret, AsymmetricCipherKeyPair ephemeral) {
        Sealed sealed = sealRaw(publicKeyBytes(recipientPublicKey), info(), tunnelId.getBytes(StandardCharsets.UTF_8), secret, ephemeral);
        Base64.Encoder b64 = Base64.getEncoder();
        return new SealedSecret(SealedSecret.SUITE, recipientPublicKey, b64.encodeToString(sealed.enc()),
                b64.encodeToString(sealed.ciphertext()));
    }

    /** The HPKE single-shot seal with every input explicit, so the RFC 9180 test vector can drive it. */
    static Sealed sealRaw(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext, AsymmetricCipherKeyPair ephemeral) {
        HPKE hpke = hpke();
        AsymmetricKeyParameter recipient = hpke.deserializePublicKey(recipientPublicKey);
        HPKEContextWithEncapsulation context = hpke.setupBaseS(recipient, info, ephemeral);
        try {
            return new Sealed(context.getEncapsulation(), context.seal(aad, plaintext));
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("HPKE seal failed", e);
        }
    }

    record Sealed(byte[] enc, byte[] ciphertext) {
    }

    /** Whether {@code publicKey} is usable as a recipient: standard base64 of 32 bytes. */
    public static boolean isValidPublicKey(String publicKey) {
        try {
            publicKeyBytes(publicKey);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] publicKeyBytes(String publicKey) {
        byte[] key = Base64.getDecoder().decode(publicKey);
        if (key.length != X25519_KEY_BYTES) {
            throw new IllegalArgumentException("an X25519 public key has 32 bytes, not " + key.length);
        }
        return key;
    }

    static byte[] info() {
        return SealedSecret.INFO.getBytes(StandardCharsets.UTF_8);
    }
}
