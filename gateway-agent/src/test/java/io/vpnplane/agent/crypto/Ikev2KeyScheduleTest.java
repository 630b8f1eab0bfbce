package io.vpnplane.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Ikev2KeyScheduleTest {

    private static final HexFormat HEX = HexFormat.of();

    // NIST CAVP SP 800-135 IKEv2 KDF component test vectors (ikev2.zip), SHA-1, first case.
    private static final byte[] NI = HEX.parseHex("3651fef5c9c35e93");
    private static final byte[] NR = HEX.parseHex("c09a8b90a3f04d59");
    private static final byte[] G_IR = HEX.parseHex(
            "d084a30166a50fb7325c3960874a839449ef9741c2f4f947d0201dd8c1269273d79509f37e3ca3eb4fa2fe2a28254e28"
            + "9cd3f34dad4eb4df1a07685a4b8a94fa61e2491f7598b3ce65547ff133b3f63d1ac4175eaa695033f3cedb026a6873a3"
            + "6455172a8540b8a5d23a0143bed0390ee49b168269d75fffee9fb62be965993c");
    private static final byte[] G_IR_NEW = HEX.parseHex(
            "52f00ab174c25d5b7139ae5ff4e8e9eddee5992d2e36adf8a559ffd90dab1442e4fbe429d320c0f33552a17d1557fa41"
            + "ea70e8fb916c4fa27ed52b5f8ebd8461afa78f1159159a64055ac5f6319e29c28eae58cbc6847770f32c3fed1d047504"
            + "84f854790f95e9ec01bc5bc461f24966462e359511329305038e94deb6dd42c2");
    private static final long SPI_I = 0x8e5c3ae507221684L;
    private static final long SPI_R = 0xb1f201bb155c3acdL;
    // DKM = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr), 1056 bits; SKEYSEED = cd2e8050137832245f1dbacc6e4f0a92f94d45d6.
    private static final byte[] DKM = HEX.parseHex(
            "6f1b12cad3cbe097b35430356d869d54cddb0198ec859174d53ceb92dddedbe2436db69f60977c58fa63bbb667f8d369"
            + "20b109baae8f6c61a9ac49feda01843225d080ec5539d5881a25521ffb2a0a91874a9c0a27fcc2d717eb8963a9e3a89c"
            + "7ab264757284c28cf8c3ca40576f4220b052b1fb8e9ad60ba3c80557323331a8cbb89f20");
    // DKM(Child SA) = prf+(SK_d, Ni | Nr) and DKM(Child SA D-H) = prf+(SK_d, g^ir (new) | Ni | Nr).
    private static final byte[] DKM_CHILD = HEX.parseHex(
            "4727dc0ef94eb326ce131cf282fb652faa638ad0ddae3786a11bcc0309876009f8c485de011ad962c5b1ca8a41ff8145"
            + "445749079c5686e26ffebbc342f06981f3da745e11ca0976424d1f8caec623d59dc7186deb20a27b411d1dcb70a36544");
    private static final byte[] DKM_CHILD_DH = HEX.parseHex(
            "b109c21ad4c0797768c1cec9e63554681e48f224bca7f23c20c4ea7041983451e9aa1d5408656c8a975ff1b9d9a12c75"
            + "ffeb64bdecb30174664cccb4e14f1c377b7f6d1525af77c7092aac3e47f917ebae8297fb5539d2008ce830823a09cc19");
    private static final byte[] SKEYSEED_REKEY = HEX.parseHex("3b03bce748c96d5e8306918d2ff89b68f0648da3");

    // 132 bytes of DKM are exactly SK_d, SK_ai, SK_ar (20 each), SK_ei, SK_er (16 each), SK_pi, SK_pr (20 each).
    private static final IkeSaTransforms AES128_SHA1_MODP1024 = IkeSaTransforms.of(
            EncryptionAlgorithm.AES_128_CBC, IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024);

    private static byte[] dkm(int offset, int length) {
        return Arrays.copyOfRange(DKM, offset, offset + length);
    }

    @Test
    void initialIkeSaKeysMatchNistVector() {
        IkeSaKeys keys = Ikev2KeySchedule.initialIkeSa(AES128_SHA1_MODP1024, NI, NR, G_IR, SPI_I, SPI_R);

        assertThat(keys.skD()).isEqualTo(dkm(0, 20));
        assertThat(keys.skAi()).isEqualTo(dkm(20, 20));
        assertThat(keys.skAr()).isEqualTo(dkm(40, 20));
        assertThat(keys.skEi()).isEqualTo(dkm(60, 16));
        assertThat(keys.skEr()).isEqualTo(dkm(76, 16));
        assertThat(keys.skPi()).isEqualTo(dkm(92, 20));
        assertThat(keys.skPr()).isEqualTo(dkm(112, 20));
        assertThat(keys.toString()).doesNotContain(HEX.formatHex(dkm(0, 20)));
    }

    @Test
    void childSaKeysWithoutAndWithPfsMatchNistVector() {
        byte[] skD = dkm(0, 20);
        ChildSaTransforms transforms = new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC,
                Optional.of(IntegrityAlgorithm.HMAC_SHA1_96), Optional.empty());

        ChildSaKeys first = Ikev2KeySchedule.childSa(PseudoRandomFunction.HMAC_SHA1, skD, transforms,
                Optional.empty(), NI, NR);
        assertThat(Octets.concat(first.initiatorEncryption(), first.initiatorIntegrity(),
                first.responderEncryption(), first.responderIntegrity()))
                .isEqualTo(Arrays.copyOf(DKM_CHILD, 72));
        assertThat(first.initiatorEncryption()).hasSize(16);
        assertThat(first.initiatorIntegrity()).hasSize(20);

        ChildSaKeys withPfs = Ikev2KeySchedule.childSa(PseudoRandomFunction.HMAC_SHA1, skD, transforms,
                Optional.of(G_IR_NEW), NI, NR);
        assertThat(Octets.concat(withPfs.initiatorEncryption(), withPfs.initiatorIntegrity(),
                withPfs.responderEncryption(), withPfs.responderIntegrity()))
                .isEqualTo(Arrays.copyOf(DKM_CHILD_DH, 72));
    }

    @Test
    void rekeyedIkeSaUsesOldSkDAndNewSecretAsNistVectorSays() {
        IkeSaKeys keys = Ikev2KeySchedule.rekeyedIkeSa(PseudoRandomFunction.HMAC_SHA1, dkm(0, 20),
                AES128_SHA1_MODP1024, G_IR_NEW, NI, NR, SPI_I, SPI_R);

        byte[] expected = PseudoRandomFunction.HMAC_SHA1.newPrf().prfPlus(SKEYSEED_REKEY,
                Octets.concat(NI, NR, Octets.bigEndian(SPI_I), Octets.bigEndian(SPI_R)), 132);
        assertThat(Octets.concat(keys.skD(), keys.skAi(), keys.skAr(), keys.skEi(), keys.skEr(), keys.skPi(),
                keys.skPr())).isEqualTo(expected);
    }

    @Test
    void rekeyTakesSkeyseedFromTheOldPrfAndExpandsWithTheNewOne() {
        IkeSaTransforms newTransforms = IkeSaTransforms.aead(EncryptionAlgorithm.AES_256_GCM_16,
                PseudoRandomFunction.HMAC_SHA2_256, DiffieHellmanGroup.ECP_256);
        IkeSaKeys keys = Ikev2KeySchedule.rekeyedIkeSa(PseudoRandomFunction.HMAC_SHA1, dkm(0, 20), newTransforms,
                G_IR_NEW, NI, NR, SPI_I, SPI_R);

        byte[] expectedSkD = PseudoRandomFunction.HMAC_SHA2_256.newPrf().prfPlus(SKEYSEED_REKEY,
                Octets.concat(NI, NR, Octets.bigEndian(SPI_I), Octets.bigEndian(SPI_R)), 32);
        assertThat(keys.skD()).isEqualTo(expectedSkD);
    }

    @Test
    void aeadIkeSaHasNoIntegrityKeysAndSaltedEncryptionKeys() {
        IkeSaTransforms transforms = IkeSaTransforms.aead(EncryptionAlgorithm.AES_128_GCM_16,
                PseudoRandomFunction.HMAC_SHA2_256, DiffieHellmanGroup.CURVE_25519);
        IkeSaKeys keys = Ikev2KeySchedule.initialIkeSa(transforms, NI, NR, G_IR, SPI_I, SPI_R);

        assertThat(keys.skAi()).isEmpty();
        assertThat(keys.skAr()).isEmpty();
        assertThat(keys.skEi()).hasSize(20);
        assertThat(keys.skPr()).hasSize(32);
        // The stream is SK_d | SK_ei | SK_er | SK_pi | SK_pr when SK_a are empty.
        Prf prf = PseudoRandomFunction.HMAC_SHA2_256.newPrf();
        byte[] skeyseed = prf.compute(Octets.concat(NI, NR), G_IR);
        byte[] stream = prf.prfPlus(skeyseed, Octets.concat(NI, NR, Octets.bigEndian(SPI_I), Octets.bigEndian(SPI_R)),
                32 + 20 + 20 + 32 + 32);
        assertThat(Octets.concat(keys.skD(), keys.skEi(), keys.skEr(), keys.skPi(), keys.skPr())).isEqualTo(stream);
    }

    @Test
    void aeadChildSaHasSaltedKeysAndNoIntegrityKeys() {
        ChildSaTransforms transforms = new ChildSaTransforms(EncryptionAlgorithm.AES_256_GCM_16, Optional.empty(),
                Optional.of(DiffieHellmanGroup.MODP_2048));
        ChildSaKeys keys = Ikev2KeySchedule.childSa(PseudoRandomFunction.HMAC_SHA1, dkm(0, 20), transforms,
                Optional.of(G_IR_NEW), NI, NR);
        assertThat(keys.initiatorEncryption()).hasSize(36);
        assertThat(keys.initiatorIntegrity()).isEmpty();
        assertThat(Octets.concat(keys.initiatorEncryption(), keys.responderEncryption()))
                .isEqualTo(Arrays.copyOf(DKM_CHILD_DH, 72));
    }
}
