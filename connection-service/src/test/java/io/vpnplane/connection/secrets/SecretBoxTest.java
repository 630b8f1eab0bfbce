package io.vpnplane.connection.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void roundTripsAndNeverRepeatsANonce() {
        SecretBox box = SecretBox.fromBase64(KEY);
        SecretBox.Sealed a = box.seal("fddsFF123abc", "vco-1/tun-1/1");
        SecretBox.Sealed b = box.seal("fddsFF123abc", "vco-1/tun-1/1");
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
        assertThat(new String(a.ciphertext(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("fddsFF123abc");
        assertThat(box.open(a, "vco-1/tun-1/1")).isEqualTo("fddsFF123abc");
    }

    @Test
    void aCiphertextMovedToAnotherRowOrKeyDoesNotOpen() {
        SecretBox box = SecretBox.fromBase64(KEY);
        SecretBox.Sealed sealed = box.seal("secret", "vco-1/tun-1/1");
        assertThatThrownBy(() -> box.open(sealed, "vco-1/tun-2/1")).isInstanceOf(IllegalStateException.class);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThatThrownBy(() -> SecretBox.fromBase64(Base64.getEncoder().encodeToString(otherKey)).open(sealed, "vco-1/tun-1/1"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyMustBe32Bytes() {
        assertThatThrownBy(() -> SecretBox.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64!")).hasMessageContaining("Base64");
    }
}
