package io.vpnplane.agent.managed;

import static io.vpnplane.agent.managed.BgpSessionConfigs.ipsec;
import static io.vpnplane.agent.managed.BgpSessionConfigs.leasedLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.SessionConfig;

class DesiredBgpSessionTranslationTest {

    @Test
    void anIpsecSessionRunsOnTheTunnelsInsideAddressesWithTheVpnGatewayLimit() {
        ManagedBgpSession session = DesiredBgpSessionTranslation.translate(
                ipsec("tun-1", "169.254.10.1", "169.254.10.2", List.of("10.0.0.0/16")));

        SessionConfig config = session.config();
        assertThat(config.id()).isEqualTo("bgp-tun-1");
        assertThat(config.localAs()).isEqualTo(45104);
        assertThat(config.peerAs()).isEqualTo(65530);
        assertThat(config.localAddress().orElseThrow().getHostAddress()).isEqualTo("169.254.10.1");
        assertThat(config.routerId().getHostAddress()).isEqualTo("169.254.10.1");
        assertThat(config.peerAddress().getHostAddress()).isEqualTo("169.254.10.2");
        assertThat(config.passive()).isFalse();
        assertThat(config.maxPrefixes()).isEqualTo(50); // REQ-X-003
        assertThat(config.holdTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.keepaliveTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.connectRetryTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(session.advertise()).containsExactly(Ipv4Prefix.parse("10.0.0.0/16"));
        assertThat(session.accountId()).isEqualTo("acc-1");
    }

    @Test
    void aLeasedLineSessionMayHold110Prefixes() {
        assertThat(DesiredBgpSessionTranslation.translate(leasedLine("ll", "gw-a-1", "10.100.0.2", List.of())).config().maxPrefixes())
                .isEqualTo(110);
    }

    @Test
    void aPrefixWithHostBitsIsNotAdvertisedTheOthersAre() {
        ManagedBgpSession session = DesiredBgpSessionTranslation.translate(
                leasedLine("ll", "gw-a-1", "10.100.0.2", List.of("10.0.0.0/16", "10.1.2.3/16", "nonsense")));

        assertThat(session.advertise()).containsExactly(Ipv4Prefix.parse("10.0.0.0/16"));
    }

    @Test
    void anAddressThatIsNoIpv4LiteralIsRefusedWithoutAnyLookUp() {
        assertThatThrownBy(() -> DesiredBgpSessionTranslation.translate(leasedLine("ll", "gw-a-1", "peer.example.com", List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peer.example.com");
    }
}
