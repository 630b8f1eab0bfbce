package io.vpnplane.agent.managed;

import static io.vpnplane.agent.managed.BgpSessionConfigs.ipsec;
import static io.vpnplane.agent.managed.BgpSessionConfigs.leasedLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vpnplane.events.bgp.BgpSessionRemoved;

class DesiredBgpSessionsTest {

    private final DesiredBgpSessions sessions = new DesiredBgpSessions("gw-a-1");

    @Test
    void aLeasedLineSessionRunsOnTheNodeItNames() {
        sessions.apply(leasedLine("ll-mine", "gw-a-1", "10.100.0.2", List.of()));
        sessions.apply(leasedLine("ll-other", "gw-b-1", "10.100.0.6", List.of()));

        assertThat(sessions.ofNode(Set.of()).keySet()).containsExactly("ll-mine");
    }

    // REQ-TUN-008: an IPsec session has no node of its own; it follows its tunnel
    @Test
    void anIpsecSessionRunsWhereItsTunnelRuns() {
        sessions.apply(ipsec("tun-1", "169.254.10.1", "169.254.10.2", List.of()));
        sessions.apply(ipsec("tun-2", "169.254.11.1", "169.254.11.2", List.of()));

        assertThat(sessions.ofNode(Set.of()).keySet()).isEmpty();
        assertThat(sessions.ofNode(Set.of("tun-2")).keySet()).containsExactly("bgp-tun-2");
        assertThat(sessions.ofNode(Set.of("tun-1", "tun-2")).keySet()).containsExactly("bgp-tun-1", "bgp-tun-2");
    }

    @Test
    void aSessionMovedToAnotherNodeOrRemovedIsNoLongerThisNodes() {
        sessions.apply(leasedLine("ll-1", "gw-a-1", "10.100.0.2", List.of()));
        sessions.apply(leasedLine("ll-2", "gw-a-1", "10.100.0.6", List.of()));
        sessions.apply(leasedLine("ll-1", "gw-b-1", "10.100.0.2", List.of()));
        sessions.apply(new BgpSessionRemoved("ll-2", "vpn-1", "deleted"));

        assertThat(sessions.ofNode(Set.of())).isEmpty();
    }

    @Test
    void theLatestConfigurationOfASessionWins() {
        sessions.apply(leasedLine("ll-1", "gw-a-1", "10.100.0.2", List.of("10.0.0.0/16")));
        sessions.apply(leasedLine("ll-1", "gw-a-1", "10.100.0.2", List.of("10.0.0.0/16", "10.1.0.0/16")));

        assertThat(sessions.ofNode(Set.of()).get("ll-1").advertisedPrefixes()).containsExactly("10.0.0.0/16", "10.1.0.0/16");
    }
}
