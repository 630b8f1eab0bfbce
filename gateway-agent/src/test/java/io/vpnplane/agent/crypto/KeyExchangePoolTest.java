package io.vpnplane.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.bgp.Eventually;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyExchangePoolTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void pooledPairsAreFreshAndAgreeWithThePeer() throws Exception {
        try (KeyExchangePool pool = new KeyExchangePool(RANDOM, 4)) {
            Set<String> publicValues = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                KeyExchange ours = pool.next(DiffieHellmanGroup.CURVE_25519);
                KeyExchange peer = DiffieHellmanGroup.CURVE_25519.newKeyExchange(RANDOM);

                assertThat(ours.group()).isEqualTo(DiffieHellmanGroup.CURVE_25519);
                assertThat(ours.sharedSecret(peer.publicValue())).isEqualTo(peer.sharedSecret(ours.publicValue()));
                publicValues.add(HexFormat.of().formatHex(ours.publicValue()));
            }
            // Never the same ephemeral key twice, whether pooled or made on demand.
            assertThat(publicValues).hasSize(12);
        }
    }

    @Test
    void aGroupIsRefilledInTheBackgroundFromItsFirstUse() {
        try (KeyExchangePool pool = new KeyExchangePool(RANDOM, 3)) {
            assertThat(pool.ready(DiffieHellmanGroup.MODP_2048)).isZero();

            pool.next(DiffieHellmanGroup.MODP_2048);

            Eventually.within(Duration.ofSeconds(30), "three MODP-2048 pairs ready",
                    () -> pool.ready(DiffieHellmanGroup.MODP_2048) == 3);
            assertThat(pool.ready(DiffieHellmanGroup.ECP_256)).isZero();
            pool.next(DiffieHellmanGroup.MODP_2048);
            Eventually.within(Duration.ofSeconds(30), "refilled after a take",
                    () -> pool.ready(DiffieHellmanGroup.MODP_2048) == 3);
        }
    }
}
