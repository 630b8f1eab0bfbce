package io.vpnplane.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class IntegrityCheckerTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] TRUNCATION_DATA = "Test With Truncation".getBytes(StandardCharsets.US_ASCII);

    private static byte[] repeat(int value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    // RFC 2202 test case 5: HMAC-MD5-96 and HMAC-SHA1-96 digests of "Test With Truncation".
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "HMAC_MD5_96, 16, 56461ef2342edc00f9bab995",
        "HMAC_SHA1_96, 20, 4c1a03424b55e07fe7f27be1"
    })
    void truncatesLikeRfc2202TestCase5(IntegrityAlgorithm algorithm, int keyLength, String expectedIcv) {
        IntegrityChecker checker = algorithm.newChecker(repeat(0x0c, keyLength));
        byte[] icv = checker.icv(TRUNCATION_DATA, 0, TRUNCATION_DATA.length);
        assertThat(icv).isEqualTo(HEX.parseHex(expectedIcv));
        assertThat(checker.verify(TRUNCATION_DATA, 0, TRUNCATION_DATA.length, icv, 0)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // RFC 4868 §2.7.2.1 test case AUTH256-1: key 0x0b*32, "Hi There".
        "HMAC_SHA2_256_128, 0b, 32, 198a607eb44bfbc69903a0f1cf2bbdc5",
        // RFC 4868 §2.7.2.2 test case AUTH384-1: key 0x0b*48.
        "HMAC_SHA2_384_192, 0b, 48, b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973",
        // RFC 4868 §2.7.2.3 test case AUTH512-1: key 0x0b*64.
        "HMAC_SHA2_512_256, 0b, 64, 637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"
    })
    void truncatesLikeRfc4868(IntegrityAlgorithm algorithm, String keyByte, int keyLength, String expectedIcv) {
        IntegrityChecker checker = algorithm.newChecker(repeat(HEX.parseHex(keyByte)[0], keyLength));
        byte[] data = "Hi There".getBytes(StandardCharsets.US_ASCII);
        assertThat(checker.icv(data, 0, data.length)).isEqualTo(HEX.parseHex(expectedIcv));
    }

    @ParameterizedTest
    @EnumSource(IntegrityAlgorithm.class)
    void verifiesInPlaceAndRejectsAnyFlippedBit(IntegrityAlgorithm algorithm) {
        IntegrityChecker checker = algorithm.newChecker(repeat(0x42, algorithm.keyLength()));
        byte[] packet = new byte[40 + algorithm.icvLength()];
        for (int i = 0; i < 40; i++) {
            packet[i] = (byte) i;
        }
        checker.computeIcv(packet, 4, 36, packet, 40);
        assertThat(checker.verify(packet, 4, 36, packet, 40)).isTrue();

        packet[10] ^= 1;
        assertThat(checker.verify(packet, 4, 36, packet, 40)).isFalse();
        packet[10] ^= 1;
        packet[packet.length - 1] ^= (byte) 0x80;
        assertThat(checker.verify(packet, 4, 36, packet, 40)).isFalse();
        assertThat(checker.verify(packet, 4, 36, packet, packet.length - 1)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(IntegrityAlgorithm.class)
    void refusesKeysOfTheWrongLength(IntegrityAlgorithm algorithm) {
        assertThatThrownBy(() -> algorithm.newChecker(new byte[algorithm.keyLength() - 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
