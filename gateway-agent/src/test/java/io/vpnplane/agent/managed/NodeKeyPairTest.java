package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vpnplane.events.agentconfig.SealedSecret;

class NodeKeyPairTest {

    @TempDir
    Path stateDir;

    @Test
    void aRestartedNodeKeepsItsKeySoSecretsSealedBeforeTheRestartStillOpen() throws IOException {
        NodeKeyPair first = NodeKeyPair.loadOrCreate(stateDir);
        NodeKeyPair again = NodeKeyPair.loadOrCreate(stateDir);

        assertThat(again.publicKeyBase64()).isEqualTo(first.publicKeyBase64());
        assertThat(Base64.getDecoder().decode(first.publicKeyBase64())).hasSize(32);
        assertThat(again.privateKeyBytes()).isEqualTo(first.privateKeyBytes());
    }

    @Test
    void theKeyFileIsReadableByTheOwnerOnly() throws IOException {
        NodeKeyPair.loadOrCreate(stateDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve(NodeKeyPair.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void twoNodesGetDifferentKeys(@TempDir Path otherStateDir) throws IOException {
        assertThat(NodeKeyPair.loadOrCreate(stateDir).publicKeyBase64())
                .isNotEqualTo(NodeKeyPair.loadOrCreate(otherStateDir).publicKeyBase64());
    }

    // RFC 9180 appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode, sequence number 0
    @Test
    void opensTheRfc9180TestVector() {
        NodeKeyPair recipient = NodeKeyPair.of(HexFormat.of().parseHex("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8"));

        byte[] plain = recipient.openRaw(HexFormat.of().parseHex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431"),
                HexFormat.of().parseHex("4f6465206f6e2061204772656369616e2055726e"), HexFormat.of().parseHex("436f756e742d30"),
                HexFormat.of().parseHex("f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a"));

        assertThat(plain).isEqualTo(HexFormat.of().parseHex("4265617574792069732074727574682c20747275746820626561757479"));
        assertThat(Base64.getDecoder().decode(recipient.publicKeyBase64()))
                .isEqualTo(HexFormat.of().parseHex("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d"));
    }

    @Test
    void aSecretSealedForAnotherTunnelOrAnotherSuiteDoesNotOpen() throws IOException {
        NodeKeyPair node = NodeKeyPair.loadOrCreate(stateDir);
        SealedSecret garbage = new SealedSecret(SealedSecret.SUITE, node.publicKeyBase64(),
                Base64.getEncoder().encodeToString(new byte[32]), Base64.getEncoder().encodeToString(new byte[20]));

        assertThatThrownBy(() -> node.open(garbage, "tun-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.open(new SealedSecret("other", garbage.recipientPublicKey(), garbage.enc(), garbage.ciphertext()), "tun-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("suite");
    }

    @Test
    void aTruncatedKeyFileIsRefusedRatherThanReplaced() throws IOException {
        Files.writeString(stateDir.resolve(NodeKeyPair.FILE_NAME), Base64.getEncoder().encodeToString(new byte[5]));

        assertThatThrownBy(() -> NodeKeyPair.loadOrCreate(stateDir)).isInstanceOf(IOException.class).hasMessageContaining("32-byte");
    }
}
