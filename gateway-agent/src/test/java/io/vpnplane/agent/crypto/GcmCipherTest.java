package io.vpnplane.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class GcmCipherTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String PLAINTEXT = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    private static final String AAD = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    // The 96-bit IV cafebabefacedbaddecaf888 of the test cases is salt | explicit IV in RFC 5282 terms.
    private static final String SALT = "cafebabe";
    private static final String EXPLICIT_IV = "facedbaddecaf888";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 4 (AES-128).
        "AES_128_GCM_16, feffe9928665731c6d6a8f9467308308, "
                + "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
                + "5bc94fbc3221a5db94fae95ae7121a47",
        // Same document, test case 16 (AES-256).
        "AES_256_GCM_16, feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308, "
                + "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                + "76fc6ece0f4e1768cddf8853bb2d551b"
    })
    void matchesMcGrewViegaTestCases(EncryptionAlgorithm algorithm, String key, String expectedCiphertextAndTag)
            throws AEADBadTagException {
        GcmCipher cipher = (GcmCipher) algorithm.newCipher(HEX.parseHex(key + SALT));
        byte[] iv = HEX.parseHex(EXPLICIT_IV);
        byte[] aad = HEX.parseHex(AAD);
        byte[] plaintext = HEX.parseHex(PLAINTEXT);
        byte[] sealed = new byte[plaintext.length + 16];
        assertThat(cipher.seal(iv, 0, aad, 0, aad.length, plaintext, 0, plaintext.length, sealed, 0))
                .isEqualTo(plaintext.length + 16);
        assertThat(sealed).isEqualTo(HEX.parseHex(expectedCiphertextAndTag));

        byte[] opened = new byte[plaintext.length];
        assertThat(cipher.open(iv, 0, aad, 0, aad.length, sealed, 0, sealed.length, opened, 0))
                .isEqualTo(plaintext.length);
        assertThat(opened).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @EnumSource(value = EncryptionAlgorithm.class, names = {"AES_128_GCM_16", "AES_256_GCM_16"})
    void rejectsTamperedCiphertextAadOrIv(EncryptionAlgorithm algorithm) throws AEADBadTagException {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[algorithm.keyMaterialLength()];
        random.nextBytes(key);
        GcmCipher sender = (GcmCipher) algorithm.newCipher(key);
        GcmCipher receiver = (GcmCipher) algorithm.newCipher(key);
        byte[] aad = new byte[28];
        random.nextBytes(aad);
        byte[] plaintext = new byte[37];
        random.nextBytes(plaintext);

        for (long counter = 1; counter <= 3; counter++) {
            byte[] iv = Octets.bigEndian(counter);
            byte[] sealed = new byte[plaintext.length + sender.icvLength()];
            sender.seal(iv, 0, aad, 0, aad.length, plaintext, 0, plaintext.length, sealed, 0);

            byte[] opened = new byte[plaintext.length];
            receiver.open(iv, 0, aad, 0, aad.length, sealed, 0, sealed.length, opened, 0);
            assertThat(opened).isEqualTo(plaintext);

            byte[] flipped = sealed.clone();
            flipped[5] ^= 1;
            assertThatThrownBy(() -> receiver.open(iv, 0, aad, 0, aad.length, flipped, 0, flipped.length, opened, 0))
                    .isInstanceOf(AEADBadTagException.class);
            byte[] otherAad = aad.clone();
            otherAad[0] ^= 1;
            assertThatThrownBy(() -> receiver.open(iv, 0, otherAad, 0, otherAad.length, sealed, 0, sealed.length, opened, 0))
                    .isInstanceOf(AEADBadTagException.class);
            byte[] otherIv = Octets.bigEndian(counter + 100);
            assertThatThrownBy(() -> receiver.open(otherIv, 0, aad, 0, aad.length, sealed, 0, sealed.length, opened, 0))
                    .isInstanceOf(AEADBadTagException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(value = EncryptionAlgorithm.class, names = {"AES_128_GCM_16", "AES_256_GCM_16"})
    void opensInPlace(EncryptionAlgorithm algorithm) throws AEADBadTagException {
        GcmCipher cipher = (GcmCipher) algorithm.newCipher(new byte[algorithm.keyMaterialLength()]);
        byte[] packet = new byte[8 + 32 + 16];
        Arrays.fill(packet, 8, 40, (byte) 7);
        byte[] plaintext = Arrays.copyOfRange(packet, 8, 40);
        cipher.seal(packet, 0, packet, 0, 0, packet, 8, 32, packet, 8);
        assertThat(cipher.open(packet, 0, packet, 0, 0, packet, 8, 48, packet, 8)).isEqualTo(32);
        assertThat(Arrays.copyOfRange(packet, 8, 40)).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @EnumSource(value = EncryptionAlgorithm.class, names = {"AES_128_GCM_16", "AES_256_GCM_16"})
    void needsKeyAndSalt(EncryptionAlgorithm algorithm) {
        assertThatThrownBy(() -> algorithm.newCipher(new byte[algorithm.keyLength()]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
