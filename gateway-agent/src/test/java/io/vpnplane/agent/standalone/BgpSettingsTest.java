package io.vpnplane.agent.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code bgp} section of the standalone config (docs/agent-config.md). */
class BgpSettingsTest {

    private static StandaloneConfig parse(String yaml) throws Exception {
        return StandaloneConfig.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
    }

    @Test
    void aBgpOnlyAgentNeedsNoTunnels() throws Exception {
        StandaloneConfig config = parse("""
                bgp:
                  listen: [169.254.10.1:179]
                  routerId: 169.254.10.1
                  sessions:
                    - {id: t1, localAsn: 45104, peerAsn: 65530, peerAddress: 169.254.10.2, holdTimeSeconds: 3,
                       passive: true, advertise: [10.0.0.0/16, 10.1.0.0/16]}
                """);
        assertThat(config.tunnels()).isEmpty();
        BgpSettings bgp = config.bgp().orElseThrow();
        assertThat(bgp.listen()).extracting(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).containsExactly("169.254.10.1:179");
        BgpSettings.Session session = bgp.sessions().getFirst();
        assertThat(session.config().holdTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(session.config().keepaliveTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(session.config().passive()).isTrue();
        assertThat(session.config().external()).isTrue();
        assertThat(session.advertise()).extracting(Object::toString).containsExactlyInAnyOrder("10.0.0.0/16", "10.1.0.0/16");
    }

    @Test
    void wrongValuesNameTheirPath() {
        assertThatThrownBy(() -> parse("""
                bgp: {routerId: 10.0.0.1, sessions: [{id: a, localAsn: 0, peerAsn: 65530, peerAddress: 10.0.0.2}]}
                """)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.bgp.sessions[0].localAsn"));
        assertThatThrownBy(() -> parse("""
                bgp: {routerId: 10.0.0.1, sessions: [{id: a, localAsn: 1, peerAsn: 2, peerAddress: 10.0.0.2, holdTimeSeconds: 2}]}
                """)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.bgp.sessions[0].holdTimeSeconds"));
        assertThatThrownBy(() -> parse("""
                bgp: {routerId: 10.0.0.1, sessions: [{id: a, localAsn: 1, peerAsn: 2, peerAddress: 10.0.0.2, advertise: [10.0.0.1/8]}]}
                """)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.bgp.sessions[0].advertise[0]"));
        assertThatThrownBy(() -> parse("""
                bgp: {listen: [10.0.0.1], routerId: 10.0.0.1, sessions: [{id: a, localAsn: 1, peerAsn: 2, peerAddress: 10.0.0.2}]}
                """)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.bgp.listen[0]"));
        assertThatThrownBy(() -> parse("""
                bgp: {routerId: 10.0.0.1, sessions: []}
                """)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.bgp.sessions"));
    }
}
