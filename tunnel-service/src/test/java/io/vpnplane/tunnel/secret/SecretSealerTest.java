package io.vpnplane.tunnel.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.junit.jupiter.api.Test;

import io.vpnplane.events.agentconfig.SealedSecret;

class SecretSealerTest {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 9180 Appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, mode base, sequence number 0.
    private static final String INFO = "4f6465206f6e2061204772656369616e2055726e";
    private static final String IKM_E = "7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234";
    private static final String PK_EM = "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431";
    private static final String IKM_R = "6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037";
    private static final String PK_RM = "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d";
    private static final String SK_RM = "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8";
    private static final String PT = "4265617574792069732074727574682c20747275746820626561757479";
    private static final String AAD = "436f756e742d30";
    private static final String CT = "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a";

    @Test
    void matchesTheRfc9180TestVector() throws InvalidCipherTextException {
        AsymmetricCipherKeyPair ephemeral = SecretSealer.hpke().deriveKeyPair(HEX.parseHex(IKM_E));
        AsymmetricCipherKeyPair recipient = SecretSealer.hpke().deriveKeyPair(HEX.parseHex(IKM_R));
        assertThat(HEX.formatHex(SecretSealer.hpke().serializePublicKey(recipient.getPublic()))).isEqualTo(PK_RM);
        // BouncyCastle serializes the X25519 scalar clamped (RFC 7748); the RFC lists it unclamped. Same key.
        assertThat(SecretSealer.hpke().serializePrivateKey(recipient.getPrivate())).isEqualTo(clamped(HEX.parseHex(SK_RM)));

        SecretSealer.Sealed sealed = SecretSealer.sealRaw(HEX.parseHex(PK_RM), HEX.parseHex(INFO), HEX.parseHex(AAD),
                HEX.parseHex(PT), ephemeral);

        assertThat(HEX.formatHex(sealed.enc())).isEqualTo(PK_EM);
        assertThat(HEX.formatHex(sealed.ciphertext())).isEqualTo(CT);
        byte[] opened = SecretSealer.hpke().open(sealed.enc(), recipient, HEX.parseHex(INFO), HEX.parseHex(AAD),
                sealed.ciphertext(), null, null, null);
        assertThat(HEX.formatHex(opened)).isEqualTo(PT);
    }

    private static byte[] clamped(byte[] scalar) {
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        return scalar;
    }

    @Test
    void onlyTheNodeKeyOpensTheSecretAndOnlyForItsTunnel() {
        NodeKeyPair node = NodeKeyPair.generate();
        SealedSecret sealed = new SecretSealer().seal(node.publicKey(), "tun-1", "s3cret!Key".getBytes(StandardCharsets.UTF_8));

        assertThat(sealed.suite()).isEqualTo(SealedSecret.SUITE);
        assertThat(sealed.recipientPublicKey()).isEqualTo(node.publicKey());
        assertThat(Base64.getDecoder().decode(sealed.ciphertext())).asString(StandardCharsets.ISO_8859_1).doesNotContain("s3cret");
        assertThat(node.open(sealed, "tun-1")).isEqualTo("s3cret!Key");
        assertThatThrownBy(() -> node.open(sealed, "tun-2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeKeyPair.generate().open(sealed, "tun-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everySealUsesAFreshEphemeralKey() {
        NodeKeyPair node = NodeKeyPair.generate();
        SecretSealer sealer = new SecretSealer();
        byte[] secret = "same".getBytes(StandardCharsets.UTF_8);
        assertThat(sealer.seal(node.publicKey(), "t", secret).enc()).isNotEqualTo(sealer.seal(node.publicKey(), "t", secret).enc());
    }

    @Test
    void refusesAKeyThatIsNotX25519() {
        assertThat(SecretSealer.isValidPublicKey(Base64.getEncoder().encodeToString(new byte[31]))).isFalse();
        assertThat(SecretSealer.isValidPublicKey("not base64!")).isFalse();
        assertThat(SecretSealer.isValidPublicKey(NodeKeyPair.generate().publicKey())).isTrue();
        assertThatThrownBy(() -> new SecretSealer().seal(Base64.getEncoder().encodeToString(new byte[16]), "t", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
