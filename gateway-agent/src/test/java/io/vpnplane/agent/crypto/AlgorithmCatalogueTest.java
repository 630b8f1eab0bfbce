package io.vpnplane.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** IANA numbers, sizes and names that the IKE codec, the API and the strongSwan interop tests rely on. */
class AlgorithmCatalogueTest {

    @Test
    void encryptionTransformsCarryIanaNumbersAndSizes() {
        assertThat(EncryptionAlgorithm.fromTransform(12, OptionalInt.of(128))).contains(EncryptionAlgorithm.AES_128_CBC);
        assertThat(EncryptionAlgorithm.fromTransform(12, OptionalInt.of(256))).contains(EncryptionAlgorithm.AES_256_CBC);
        assertThat(EncryptionAlgorithm.fromTransform(12, OptionalInt.empty())).isEmpty();
        assertThat(EncryptionAlgorithm.fromTransform(3, OptionalInt.empty())).contains(EncryptionAlgorithm.TRIPLE_DES_CBC);
        assertThat(EncryptionAlgorithm.fromTransform(2, OptionalInt.empty())).contains(EncryptionAlgorithm.DES_CBC);
        assertThat(EncryptionAlgorithm.fromTransform(20, OptionalInt.of(256))).contains(EncryptionAlgorithm.AES_256_GCM_16);
        assertThat(EncryptionAlgorithm.fromTransform(20, OptionalInt.of(192))).isEmpty();

        assertThat(EncryptionAlgorithm.AES_128_GCM_16.keyMaterialLength()).isEqualTo(20);
        assertThat(EncryptionAlgorithm.AES_128_GCM_16.ivLength()).isEqualTo(8);
        assertThat(EncryptionAlgorithm.AES_128_GCM_16.icvLength()).isEqualTo(16);
        assertThat(EncryptionAlgorithm.TRIPLE_DES_CBC.keyMaterialLength()).isEqualTo(24);
        assertThat(EncryptionAlgorithm.TRIPLE_DES_CBC.ivLength()).isEqualTo(8);
        assertThat(EncryptionAlgorithm.AES_192_CBC.keyLength()).isEqualTo(24);
        assertThat(EncryptionAlgorithm.AES_192_CBC.ivLength()).isEqualTo(16);
    }

    @Test
    void prfIntegrityAndGroupTransformIds() {
        assertThat(Arrays.stream(PseudoRandomFunction.values()).mapToInt(PseudoRandomFunction::transformId))
                .containsExactly(1, 2, 5, 6, 7);
        assertThat(Arrays.stream(IntegrityAlgorithm.values()).mapToInt(IntegrityAlgorithm::transformId))
                .containsExactly(1, 2, 12, 13, 14);
        assertThat(Arrays.stream(IntegrityAlgorithm.values()).mapToInt(IntegrityAlgorithm::icvLength))
                .containsExactly(12, 12, 16, 24, 32);
        assertThat(Arrays.stream(DiffieHellmanGroup.values()).mapToInt(DiffieHellmanGroup::transformId))
                .containsExactly(1, 2, 5, 14, 19, 20, 31);
        assertThat(DiffieHellmanGroup.fromTransformId(14)).contains(DiffieHellmanGroup.MODP_2048);
        assertThat(DiffieHellmanGroup.fromTransformId(21)).isEmpty();
    }

    // REQ-TUN-004 names: aes, aes192, aes256, des, 3des; md5, sha1, sha256, sha384, sha512; group1/2/5/14.
    @Test
    void seedConfigNamesResolve() {
        assertThat(EncryptionAlgorithm.fromConfigName("aes")).contains(EncryptionAlgorithm.AES_128_CBC);
        assertThat(EncryptionAlgorithm.fromConfigName("3des")).contains(EncryptionAlgorithm.TRIPLE_DES_CBC);
        assertThat(IntegrityAlgorithm.fromConfigName("sha256")).contains(IntegrityAlgorithm.HMAC_SHA2_256_128);
        assertThat(PseudoRandomFunction.fromConfigName("sha256")).contains(PseudoRandomFunction.HMAC_SHA2_256);
        assertThat(DiffieHellmanGroup.fromConfigName("group2")).contains(DiffieHellmanGroup.MODP_1024);
        assertThat(DiffieHellmanGroup.fromConfigName("group14")).contains(DiffieHellmanGroup.MODP_2048);
        assertThat(DiffieHellmanGroup.fromConfigName("curve25519")).contains(DiffieHellmanGroup.CURVE_25519);
        for (IntegrityAlgorithm integrity : IntegrityAlgorithm.values()) {
            assertThat(integrity.matchingPrf().configName()).isEqualTo(integrity.configName());
        }
    }

    @Test
    void strongSwanProposalsUseItsKeywords() {
        IkeSaTransforms seedDefault = IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC,
                IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024);
        assertThat(seedDefault.strongSwanProposal()).isEqualTo("aes128-sha1-prfsha1-modp1024");
        IkeSaTransforms aead = IkeSaTransforms.aead(EncryptionAlgorithm.AES_256_GCM_16,
                PseudoRandomFunction.HMAC_SHA2_384, DiffieHellmanGroup.ECP_384);
        assertThat(aead.strongSwanProposal()).isEqualTo("aes256gcm16-prfsha384-ecp384");
        ChildSaTransforms esp = new ChildSaTransforms(EncryptionAlgorithm.TRIPLE_DES_CBC,
                Optional.of(IntegrityAlgorithm.HMAC_MD5_96), Optional.of(DiffieHellmanGroup.MODP_1536));
        assertThat(esp.strongSwanProposal()).isEqualTo("3des-md5-modp1536");
        ChildSaTransforms noPfs = new ChildSaTransforms(EncryptionAlgorithm.AES_128_GCM_16, Optional.empty(),
                Optional.empty());
        assertThat(noPfs.strongSwanProposal()).isEqualTo("aes128gcm16");
    }

    @Test
    void aeadAndIntegrityMustNotBeCombined() {
        assertThatThrownBy(() -> new IkeSaTransforms(EncryptionAlgorithm.AES_128_GCM_16,
                PseudoRandomFunction.HMAC_SHA1, Optional.of(IntegrityAlgorithm.HMAC_SHA1_96),
                DiffieHellmanGroup.MODP_2048)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC, Optional.empty(),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
