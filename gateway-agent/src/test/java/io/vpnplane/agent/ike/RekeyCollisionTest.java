package io.vpnplane.agent.ike;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.ike.RekeyCollision.Survivor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lowest-nonce rule of RFC 7296 §2.8.1/§2.8.2 (REQ-GW-001): of two crossed rekeys, the new SA whose
 * lower nonce is the lowest of the four is redundant.
 */
class RekeyCollisionTest {

    private static byte[] nonce(int first) {
        byte[] nonce = new byte[32];
        nonce[0] = (byte) first;
        nonce[31] = 7;
        return nonce;
    }

    @Test
    void theSaHoldingTheLowestOfTheFourNoncesIsRedundant() {
        byte[] low = nonce(0x10);
        byte[] mid = nonce(0x50);
        byte[] high = nonce(0x90);
        byte[] top = nonce(0xf0); // unsigned: 0xf0 sorts above 0x90

        // Our SA (our Ni, their Nr) against theirs (their Ni, our Nr), the lowest in each of the four places.
        assertThat(RekeyCollision.survivor(low, top, mid, high)).isEqualTo(Survivor.PEERS);
        assertThat(RekeyCollision.survivor(top, low, mid, high)).isEqualTo(Survivor.PEERS);
        assertThat(RekeyCollision.survivor(mid, high, low, top)).isEqualTo(Survivor.OURS);
        assertThat(RekeyCollision.survivor(mid, high, top, low)).isEqualTo(Survivor.OURS);
    }

    @Test
    void onlyTheLowerNonceOfEachSaCountsNotItsOtherNonce() {
        // Our SA also holds the highest nonce of all, yet its lower one is the lowest: ours is redundant.
        assertThat(RekeyCollision.survivor(nonce(0x30), nonce(0xff), nonce(0x40), nonce(0x41)))
                .isEqualTo(Survivor.PEERS);
        // And the other way round for the peer's SA.
        assertThat(RekeyCollision.survivor(nonce(0x50), nonce(0x51), nonce(0xff), nonce(0x40)))
                .isEqualTo(Survivor.OURS);
    }

    @Test
    void bothEndsReachTheSameVerdictForRandomNonces() {
        Random random = new Random(7296);
        for (int i = 0; i < 10_000; i++) {
            byte[][] n = new byte[4][];
            for (int j = 0; j < 4; j++) {
                n[j] = new byte[16 + random.nextInt(3) * 8];
                random.nextBytes(n[j]);
            }
            // The peer sees the same two SAs with "ours" and "theirs" swapped.
            Survivor ours = RekeyCollision.survivor(n[0], n[1], n[2], n[3]);
            Survivor theirs = RekeyCollision.survivor(n[2], n[3], n[0], n[1]);
            assertThat(theirs).isNotEqualTo(ours);
        }
    }

    @Test
    void aTieOfTheLowerNoncesIsBrokenByTheHigherOnes() {
        byte[] shared = nonce(0x20);
        assertThat(RekeyCollision.survivor(shared, nonce(0x90), shared.clone(), nonce(0x80))).isEqualTo(Survivor.OURS);
        assertThat(RekeyCollision.survivor(shared, nonce(0x80), shared.clone(), nonce(0x90))).isEqualTo(Survivor.PEERS);
    }
}
