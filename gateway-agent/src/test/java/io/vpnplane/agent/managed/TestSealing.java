package io.vpnplane.agent.managed;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

import io.vpnplane.events.agentconfig.SealedSecret;

/** Plays tunnel-service's sealing side in the agent's tests (the real sealer lives in tunnel-service). */
public final class TestSealing {

    private TestSealing() {
    }

    public static SealedSecret seal(String recipientPublicKey, String tunnelId, String secret) {
        HPKE hpke = new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
        try {
            byte[][] sealed = hpke.seal(hpke.deserializePublicKey(Base64.getDecoder().decode(recipientPublicKey)),
                    SealedSecret.INFO.getBytes(StandardCharsets.UTF_8), tunnelId.getBytes(StandardCharsets.UTF_8),
                    secret.getBytes(StandardCharsets.UTF_8), null, null, null);
            // BouncyCastle returns {ciphertext, enc}
            return new SealedSecret(SealedSecret.SUITE, recipientPublicKey, Base64.getEncoder().encodeToString(sealed[1]),
                    Base64.getEncoder().encodeToString(sealed[0]));
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
    }
}
