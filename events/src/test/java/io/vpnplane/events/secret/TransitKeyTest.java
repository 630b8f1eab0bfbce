package io.vpnplane.events.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class TransitKeyTest {

    private static final TransitKey KEY = TransitKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));

    @Test
    void roundTripsAndBindsTunnelAndKeyVersion() {
        String sealed = KEY.seal("tun-1", 3, "psk-value".getBytes(StandardCharsets.UTF_8));

        assertThat(sealed).startsWith("v1.").doesNotContain("psk-value");
        assertThat(new String(KEY.open("tun-1", 3, sealed), StandardCharsets.UTF_8)).isEqualTo("psk-value");
        assertThatThrownBy(() -> KEY.open("tun-2", 3, sealed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KEY.open("tun-1", 2, sealed)).isInstanceOf(IllegalArgumentException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> TransitKey.fromBase64(Base64.getEncoder().encodeToString(other)).open("tun-1", 3, sealed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMalformedValuesAndKeys() {
        assertThatThrownBy(() -> KEY.open("t", 1, "v2.AAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KEY.open("t", 1, "v1.%%%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KEY.open("t", 1, "v1.AAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransitKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
