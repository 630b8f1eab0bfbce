package io.vpnplane.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// REQ-TUN-004: the PRF uses the same hash as the authentication setting (md5, sha1, sha256, sha384, sha512).
class PrfTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] repeat(int value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void hmacMd5MatchesRfc2202() {
        Prf prf = PseudoRandomFunction.HMAC_MD5.newPrf();
        assertThat(prf.compute(repeat(0x0b, 16), ascii("Hi There")))
                .isEqualTo(HEX.parseHex("9294727a3638bb1c13f48ef8158bfc9d"));
        assertThat(prf.compute(ascii("Jefe"), ascii("what do ya want for nothing?")))
                .isEqualTo(HEX.parseHex("750c783e6ab0b503eaa86e310a5db738"));
        assertThat(prf.compute(repeat(0xaa, 16), repeat(0xdd, 50)))
                .isEqualTo(HEX.parseHex("56be34521d144c88dbb8c733f0e8b3f6"));
        assertThat(prf.compute(repeat(0xaa, 80), ascii("Test Using Larger Than Block-Size Key - Hash Key First")))
                .isEqualTo(HEX.parseHex("6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd"));
    }

    @Test
    void hmacSha1MatchesRfc2202() {
        Prf prf = PseudoRandomFunction.HMAC_SHA1.newPrf();
        assertThat(prf.compute(repeat(0x0b, 20), ascii("Hi There")))
                .isEqualTo(HEX.parseHex("b617318655057264e28bc0b6fb378c8ef146be00"));
        assertThat(prf.compute(ascii("Jefe"), ascii("what do ya want for nothing?")))
                .isEqualTo(HEX.parseHex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
        assertThat(prf.compute(repeat(0xaa, 20), repeat(0xdd, 50)))
                .isEqualTo(HEX.parseHex("125d7342b9ac11cd91a39af48aa17b4f63f175d3"));
        assertThat(prf.compute(repeat(0xaa, 80), ascii("Test Using Larger Than Block-Size Key - Hash Key First")))
                .isEqualTo(HEX.parseHex("aa4ae5e15272d00e95705637ce8a3b55ed402112"));
    }

    @ParameterizedTest(name = "{0} test case 1")
    @CsvSource({
        "HMAC_SHA2_256, b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        "HMAC_SHA2_384, afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
        "HMAC_SHA2_512, 87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
    })
    void hmacSha2MatchesRfc4231TestCase1(PseudoRandomFunction algorithm, String expected) {
        assertThat(algorithm.newPrf().compute(repeat(0x0b, 20), ascii("Hi There"))).isEqualTo(HEX.parseHex(expected));
    }

    @ParameterizedTest(name = "{0} test case 2")
    @CsvSource({
        "HMAC_SHA2_256, 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "HMAC_SHA2_384, af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
        "HMAC_SHA2_512, 164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
    })
    void hmacSha2MatchesRfc4231TestCase2(PseudoRandomFunction algorithm, String expected) {
        byte[] result = algorithm.newPrf().compute(ascii("Jefe"), ascii("what do ya "), ascii("want for nothing?"));
        assertThat(result).isEqualTo(HEX.parseHex(expected));
        assertThat(result).hasSize(algorithm.outputLength());
    }

    @ParameterizedTest(name = "{0} test case 5")
    @CsvSource({
        "HMAC_SHA2_256, a3b6167473100ee06e0c796c2955552b",
        "HMAC_SHA2_384, 3abf34c3503b2a23a46efc619baef897",
        "HMAC_SHA2_512, 415fad6271580a531d4179bc891d87a6"
    })
    void hmacSha2MatchesRfc4231TestCase5TruncatedTo128Bits(PseudoRandomFunction algorithm, String expected) {
        byte[] result = algorithm.newPrf().compute(repeat(0x0c, 20), ascii("Test With Truncation"));
        assertThat(Arrays.copyOf(result, 16)).isEqualTo(HEX.parseHex(expected));
    }

    @Test
    void prfPlusMatchesStrongSwanHmacSha256Vectors() {
        // strongSwan src/libstrongswan/tests/suites/test_prf_plus.c (prf+ with PRF_HMAC_SHA2_256).
        assertPrfPlusSha256(repeat(0x0b, 20), ascii("Hi There"),
                "b9bdc08988b4c2b75aa93e596ac84205fa2ddde1bf7a2572067b00e14b237732830509981ad2f94a8c32a47daa2255b6"
                + "60c436347ae756a6edc023477d809590e682f61d9c04b06b4ad971a34c8147fa66792ff1434b93c722b32e12f48832eb"
                + "c15ce2369ce71fe9b7b81e5704c14d0f5280a6ec626e992d7a9f");
        assertPrfPlusSha256(repeat(0x0a, 20), ascii("Hi There"),
                "1a2fc74a068cae76fab3d634aee98155116a4b21e10d1b16457a06d942279398f74df159c12521aee6f48001e5868ea7"
                + "4b1e13d1cfdcb77bf8cf752c6713187a3855ba4bf25755cd9620cbe3c48a7fa386a5c6268e57d8e0b6f98a411682648a");
        assertPrfPlusSha256(repeat(0x0a, 20), HEX.parseHex("0102030405060708090a0b0c0d0e0f10"),
                "8b909cbcbbf172636b4e63cd7ec5e345573ebf728f62a49b837bd953c00cad3d1916288185f927b6c40c483145123b5a"
                + "b847d0196e6b1c5a2ac1e51ec543ccd428ba304b5ead97a7c09d13ddfb4a424387d622f6031921316aa63844a561f623"
                + "0c5014ccce095fb3cce4cb8f43dc2b65fd42cceb490ecbeb4730b5186d347aeaadfd66a77ed33f42df7554ef5f4f7e26"
                + "f9387326927ac780");
    }

    private static void assertPrfPlusSha256(byte[] key, byte[] seed, String expectedHex) {
        byte[] expected = HEX.parseHex(expectedHex);
        assertThat(PseudoRandomFunction.HMAC_SHA2_256.newPrf().prfPlus(key, seed, expected.length)).isEqualTo(expected);
    }

    @Test
    void prfPlusFollowsTheDefinitionBlockByBlock() {
        // RFC 7296 §2.13: T1 = prf(K, S | 0x01), T2 = prf(K, T1 | S | 0x02), ...
        Prf prf = PseudoRandomFunction.HMAC_MD5.newPrf();
        byte[] key = ascii("key");
        byte[] seed = ascii("seed");
        byte[] t1 = prf.compute(key, seed, new byte[] {1});
        byte[] t2 = prf.compute(key, t1, seed, new byte[] {2});
        byte[] t3 = prf.compute(key, t2, seed, new byte[] {3});
        byte[] expected = Octets.slice(Octets.concat(t1, t2, t3), 0, 40);
        assertThat(prf.prfPlus(key, seed, 40)).isEqualTo(expected);
    }

    @Test
    void prfPlusStopsAt255Blocks() {
        Prf prf = PseudoRandomFunction.HMAC_SHA1.newPrf();
        assertThat(prf.prfPlus(ascii("k"), ascii("s"), 255 * 20)).hasSize(255 * 20);
        assertThatThrownBy(() -> prf.prfPlus(ascii("k"), ascii("s"), 255 * 20 + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
