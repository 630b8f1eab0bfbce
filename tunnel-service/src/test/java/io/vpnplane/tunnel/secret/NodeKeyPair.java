package io.vpnplane.tunnel.secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;

import io.vpnplane.events.agentconfig.SealedSecret;

/** Plays a gateway node in tests: an X25519 key pair that opens what {@link SecretSealer} sealed to it, as the agent will. */
public record NodeKeyPair(AsymmetricCipherKeyPair keys) {

    public static NodeKeyPair generate() {
        return new NodeKeyPair(SecretSealer.hpke().generatePrivateKey());
    }

    /** Standard base64 of the 32-byte public key, as announced in heartbeats. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(SecretSealer.hpke().serializePublicKey(keys.getPublic()));
    }

    /** Opens a sealed secret of {@code tunnelId}; IllegalArgumentException when it was not sealed to this node for that tunnel. */
    public String open(SealedSecret sealed, String tunnelId) {
        try {
            byte[] plain = SecretSealer.hpke().open(Base64.getDecoder().decode(sealed.enc()), keys, SecretSealer.info(),
                    tunnelId.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(sealed.ciphertext()), null, null, null);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (InvalidCipherTextException e) {
            throw new IllegalArgumentException("does not open", e);
        }
    }
}
