package io.vpnplane.agent.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 7296 §2.8.1/§2.8.2: the new SA holding the lowest of the four nonces is the redundant one. */
class RekeyCollisionTest {

    private static byte[] nonce(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void theSaWithTheLowestNonceOfTheFourIsRedundantWhicheverSlotItIsIn() {
        byte[] low = nonce("01ff");
        byte[] a = nonce("7f00");
        byte[] b = nonce("8000");
        byte[] c = nonce("ff00");
        assertThat(RekeyCollision.oursRedundant(low, a, b, c)).isTrue();
        assertThat(RekeyCollision.oursRedundant(a, low, b, c)).isTrue();
        assertThat(RekeyCollision.oursRedundant(a, b, low, c)).isFalse();
        assertThat(RekeyCollision.oursRedundant(a, b, c, low)).isFalse();
    }

    @Test
    void noncesCompareAsUnsignedOctetsSoBothPeersAgree() {
        // 0x80 is negative as a Java byte; a signed comparison would call it lower than 0x7f
        byte[] high = nonce("80");
        byte[] mid = nonce("7f");
        assertThat(RekeyCollision.oursRedundant(high, nonce("ff"), mid, nonce("fe"))).isFalse();
        assertThat(RekeyCollision.oursRedundant(mid, nonce("fe"), high, nonce("ff"))).isTrue();
        // exactly one side is redundant for the same four nonces seen from both ends
        byte[] w = nonce("10"), x = nonce("20"), y = nonce("30"), z = nonce("05");
        assertThat(RekeyCollision.oursRedundant(w, x, y, z)).isNotEqualTo(RekeyCollision.oursRedundant(y, z, w, x));
    }
}
