package io.vpnplane.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

// REQ-TUN-004 / REQ-TUN-005: aes (AES-128-CBC), aes192, aes256, des, 3des.
class CbcCipherTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String SP800_38A_PLAINTEXT = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
    private static final String SP800_38A_IV = "000102030405060708090a0b0c0d0e0f";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // NIST SP 800-38A F.2.1 / F.2.3 / F.2.5 (CBC-AES128/192/256.Encrypt).
        "AES_128_CBC, 2b7e151628aed2a6abf7158809cf4f3c, "
                + "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
        "AES_192_CBC, 8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b, "
                + "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
        "AES_256_CBC, 603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4, "
                + "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"
    })
    void aesMatchesSp800_38A(EncryptionAlgorithm algorithm, String key, String expectedCiphertext) {
        assertKnownAnswer(algorithm, HEX.parseHex(key), HEX.parseHex(SP800_38A_IV), HEX.parseHex(SP800_38A_PLAINTEXT),
                HEX.parseHex(expectedCiphertext));
    }

    @Test
    void desMatchesFips81CbcExample() {
        // FIPS 81 Appendix C, Table C1: "Now is the time for all " under key 0123456789abcdef.
        assertKnownAnswer(EncryptionAlgorithm.DES_CBC, HEX.parseHex("0123456789abcdef"), HEX.parseHex("1234567890abcdef"),
                "Now is the time for all ".getBytes(StandardCharsets.US_ASCII),
                HEX.parseHex("e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6"));
    }

    @Test
    void tripleDesMatchesNistMultiblockMessageTest() {
        // NIST CAVP TDES MMT (three-key CBC), as carried in strongSwan's 3des_cbc test vectors.
        assertKnownAnswer(EncryptionAlgorithm.TRIPLE_DES_CBC,
                HEX.parseHex("37ae5ebf46dff2dc0754b94f31cbb3855e7fd36dc870bfae"), HEX.parseHex("3d1de3cc132e3b65"),
                HEX.parseHex("84401f78fe6c10876d8ea23094ea5309"), HEX.parseHex("7b1f7c7e3b1c948ebd04a75ffba7d2f5"));
    }

    private static void assertKnownAnswer(EncryptionAlgorithm algorithm, byte[] key, byte[] iv, byte[] plaintext,
            byte[] ciphertext) {
        CbcCipher cipher = (CbcCipher) algorithm.newCipher(key);
        byte[] out = new byte[plaintext.length];
        assertThat(cipher.encrypt(iv, 0, plaintext, 0, plaintext.length, out, 0)).isEqualTo(plaintext.length);
        assertThat(out).isEqualTo(ciphertext);
        byte[] back = new byte[ciphertext.length];
        cipher.decrypt(iv, 0, ciphertext, 0, ciphertext.length, back, 0);
        assertThat(back).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @EnumSource(value = EncryptionAlgorithm.class, names = {"DES_CBC", "TRIPLE_DES_CBC", "AES_128_CBC", "AES_192_CBC", "AES_256_CBC"})
    void roundTripsInPlaceWithOffsetsAndFreshIvs(EncryptionAlgorithm algorithm) {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[algorithm.keyMaterialLength()];
        random.nextBytes(key);
        CbcCipher cipher = (CbcCipher) algorithm.newCipher(key);
        int blockSize = cipher.blockSize();
        assertThat(blockSize).isEqualTo(algorithm.ivLength()).isEqualTo(algorithm.blockSize());
        for (int message = 0; message < 3; message++) {
            // Layout of an SK payload / ESP packet: header | IV | ciphertext.
            byte[] packet = new byte[8 + blockSize + 4 * blockSize];
            random.nextBytes(packet);
            byte[] plaintext = Arrays.copyOfRange(packet, 8 + blockSize, packet.length);
            cipher.encrypt(packet, 8, packet, 8 + blockSize, 4 * blockSize, packet, 8 + blockSize);
            assertThat(Arrays.copyOfRange(packet, 8 + blockSize, packet.length)).isNotEqualTo(plaintext);
            cipher.decrypt(packet, 8, packet, 8 + blockSize, 4 * blockSize, packet, 8 + blockSize);
            assertThat(Arrays.copyOfRange(packet, 8 + blockSize, packet.length)).isEqualTo(plaintext);
        }
    }

    @Test
    void refusesUnalignedInputAndWrongKeys() {
        CbcCipher cipher = (CbcCipher) EncryptionAlgorithm.AES_128_CBC.newCipher(new byte[16]);
        assertThatThrownBy(() -> cipher.encrypt(new byte[16], 0, new byte[17], 0, 17, new byte[32], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EncryptionAlgorithm.AES_256_CBC.newCipher(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
