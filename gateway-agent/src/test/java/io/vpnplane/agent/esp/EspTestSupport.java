package io.vpnplane.agent.esp;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import java.util.Optional;
import java.util.Random;

/** Builds matching outbound/inbound SA specs with deterministic keys. */
final class EspTestSupport {

    static final int HEADROOM = 64;

    private EspTestSupport() {
    }

    static ChildSaTransforms transforms(EncryptionAlgorithm encryption, Optional<IntegrityAlgorithm> integrity) {
        return new ChildSaTransforms(encryption, integrity, Optional.empty());
    }

    static EspSaSpec spec(int spi, ChildSaTransforms transforms, boolean esn, int window, SaLifetime lifetime) {
        Random random = new Random(spi);
        byte[] encryptionKey = new byte[transforms.encryption().keyMaterialLength()];
        random.nextBytes(encryptionKey);
        byte[] integrityKey = new byte[transforms.integrity().map(IntegrityAlgorithm::keyLength).orElse(0)];
        random.nextBytes(integrityKey);
        return new EspSaSpec(spi, transforms, encryptionKey, integrityKey, esn, window, lifetime);
    }

    /** A buffer holding {@code payload} at {@link #HEADROOM} with room for any trailer. */
    static byte[] bufferWith(byte[] payload) {
        byte[] buf = new byte[HEADROOM + payload.length + 128];
        System.arraycopy(payload, 0, buf, HEADROOM, payload.length);
        return buf;
    }
}
