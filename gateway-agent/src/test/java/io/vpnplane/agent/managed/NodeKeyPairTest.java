package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aTruncatedKeyFileIsRefusedRatherThanReplaced() throws IOException {
        Files.writeString(stateDir.resolve(NodeKeyPair.FILE_NAME), Base64.getEncoder().encodeToString(new byte[5]));

        assertThatThrownBy(() -> NodeKeyPair.loadOrCreate(stateDir)).isInstanceOf(IOException.class).hasMessageContaining("32-byte");
    }
}
