package io.vpnplane.agent.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpnplane.agent.ikev1.Ikev1Mode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code ike.version: ikev1} and {@code ike.mode} in the standalone config (REQ-TUN-004, REQ-TUN-006). */
class StandaloneConfigIkev1Test {

    private static StandaloneConfig parse(String ike) throws Exception {
        return StandaloneConfig.parse(new ObjectMapper().readTree("""
                {"tunnels": [
                  {"id": "v1", "localAddress": "10.9.0.1", "remoteAddress": "10.9.0.2", "psk": "k", "ike": %s},
                  {"id": "v2", "localAddress": "10.9.0.1", "remoteAddress": "10.9.0.3", "psk": "k"}]}
                """.formatted(ike)));
    }

    @Test
    void ikev1TunnelsAreNamedWithTheirModeAndGetThe30sDpdTimeout() throws Exception {
        StandaloneConfig config = parse("{\"version\": \"ikev1\"}");

        assertThat(config.ikev1Tunnels()).containsExactlyEntriesOf(java.util.Map.of("v1", Ikev1Mode.MAIN));
        assertThat(config.tunnels().get(0).dpd().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.tunnels().get(1).dpd().timeout()).isEqualTo(Duration.ofSeconds(130));
        assertThat(parse("{\"version\": \"ikev1\", \"mode\": \"aggressive\"}").ikev1Tunnels())
                .containsEntry("v1", Ikev1Mode.AGGRESSIVE);
        assertThat(parse("{\"version\": \"ikev2\", \"mode\": \"main\"}").ikev1Tunnels()).isEmpty();
    }

    @Test
    void invalidCombinationsNameTheField() {
        assertThatThrownBy(() -> parse("{\"version\": \"ikev3\"}")).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.tunnels[0].ike.version"));
        assertThatThrownBy(() -> parse("{\"version\": \"ikev2\", \"mode\": \"aggressive\"}"))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("$.tunnels[0].ike.mode"));
        assertThatThrownBy(() -> parse("{\"version\": \"ikev1\", \"mode\": \"quick\"}"))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("$.tunnels[0].ike.mode"));
        assertThatThrownBy(() -> parse("{\"version\": \"ikev1\", \"encryption\": \"aes128gcm16\"}"))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("$.tunnels[0].ike.encryption"));
    }
}
