package io.vpnplane.tunnel.agentconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.vpnplane.events.agentconfig.SealedSecret;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.tunnel.connection.TunnelSpec;

class AgentConfigsTest {

    private static final SealedSecret SEALED = new SealedSecret(SealedSecret.SUITE, "pk", "enc", "ct");

    static IpsecConnectionState.Tunnel tunnel(String id, Optional<String> localId, Optional<IpsecConnectionState.TunnelBgp> bgp) {
        return new IpsecConnectionState.Tunnel(id, "cgw-1", "192.0.2.10", Optional.of(65010L), 1,
                new IpsecConnectionState.Ike("ikev1", "aggressive", "aes256", "sha256", "group14", 28800, localId, Optional.empty()),
                new IpsecConnectionState.Ipsec("aes", "sha1", "disabled", 3600),
                new IpsecConnectionState.Dpd(true, "restart", 10, 30), false, bgp,
                new IpsecConnectionState.HealthCheck(true, Optional.of("10.0.0.1"), Optional.of("172.16.0.1"), 3, 3, false),
                Optional.of("v1.x"));
    }

    static TunnelSpec spec(String routingMode, boolean effectImmediately, boolean bgp, IpsecConnectionState.Tunnel tunnel) {
        return spec(routingMode, effectImmediately, false, bgp, tunnel);
    }

    static TunnelSpec spec(String routingMode, boolean effectImmediately, boolean responseOnly, boolean bgp,
            IpsecConnectionState.Tunnel tunnel) {
        return new TunnelSpec(tunnel.id(), "vco-1", "acct-1", "transit-router", Optional.empty(), List.of("t2"), routingMode,
                List.of("172.16.0.0/16"), List.of("10.0.0.0/8", "10.1.0.0/16"), effectImmediately, responseOnly, bgp, 45104,
                tunnel);
    }

    @Test
    void resolvesDefaultsAndCarriesEverySetting() {
        TunnelConfigDesired c = AgentConfigs.desired(spec("destination", true, false, tunnel("t1", Optional.empty(), Optional.empty())),
                3, "gw-1", "zone-a", "203.0.113.7", SEALED);

        assertThat(c.configVersion()).isEqualTo(3);
        assertThat(c.ike()).isEqualTo(new TunnelConfigDesired.Ike("ikev1", "aggressive", "aes256", "sha256", "group14", 28800,
                "203.0.113.7", "192.0.2.10")); // REQ-TUN-004: ids default to the gateway IP and the customer gateway IP
        assertThat(c.ipsec().dhGroup()).isEqualTo("disabled");
        assertThat(c.dpd()).isEqualTo(new TunnelConfigDesired.Dpd(true, "restart", 10, 30));
        assertThat(c.natTraversal()).isFalse();
        assertThat(c.startAction()).isEqualTo("start"); // REQ-CONN-008
        assertThat(c.trafficSelectors()).isEqualTo(new TunnelConfigDesired.TrafficSelectors(List.of("0.0.0.0/0"), List.of("0.0.0.0/0")));
        assertThat(c.healthCheck()).isEqualTo(new TunnelConfigDesired.HealthCheck(true, Optional.of("10.0.0.1"), Optional.of("172.16.0.1"), 3, 3, false));
        assertThat(c.bgp()).isEmpty();
        assertThat(c.preSharedKey()).isSameAs(SEALED);
    }

    @Test
    void policyModeProtectsTheCidrsAndTrapStartsOnTraffic() {
        // REQ-CONN-005, REQ-CONN-008
        TunnelConfigDesired c = AgentConfigs.desired(spec("policy", false, false, tunnel("t1", Optional.of("vpn.example.com"), Optional.empty())),
                1, "gw-1", "zone-a", "203.0.113.7", SEALED);
        assertThat(c.trafficSelectors()).isEqualTo(new TunnelConfigDesired.TrafficSelectors(List.of("172.16.0.0/16"),
                List.of("10.0.0.0/8", "10.1.0.0/16")));
        assertThat(c.startAction()).isEqualTo("trap");
        assertThat(c.ike().localId()).isEqualTo("vpn.example.com");
    }

    @Test
    void aResponseOnlyGatewayNeverInitiatesWhateverEffectImmediatelySays() {
        // REQ-B-004
        for (boolean effectImmediately : new boolean[] {true, false}) {
            TunnelConfigDesired c = AgentConfigs.desired(spec("policy", effectImmediately, true, false,
                    tunnel("t1", Optional.empty(), Optional.empty())), 1, "gw-1", "zone-a", "203.0.113.7", SEALED);
            assertThat(c.startAction()).isEqualTo("none");
        }
    }

    @Test
    void bgpAddressingComesWithThePeerHostOfTheSlash30() {
        // REQ-TUN-008, REQ-AS-001: cloud 169.254.10.1, on-prem 169.254.10.2
        var bgp = Optional.of(new IpsecConnectionState.TunnelBgp("169.254.10.0/30", "169.254.10.1"));
        TunnelConfigDesired c = AgentConfigs.desired(spec("destination", true, true, tunnel("t1", Optional.empty(), bgp)), 1, "gw-1", "zone-a",
                "203.0.113.7", SEALED);
        assertThat(c.bgp()).contains(new TunnelConfigDesired.Bgp("169.254.10.0/30", "169.254.10.1", "169.254.10.2", 45104, Optional.of(65010L)));
        assertThat(AgentConfigs.peerIp("169.254.10.0/30", "169.254.10.2")).isEqualTo("169.254.10.1");
        assertThat(AgentConfigs.desired(spec("destination", true, false, tunnel("t1", Optional.empty(), bgp)), 1, "gw-1", "zone-a",
                "203.0.113.7", SEALED).bgp()).as("addressing without BGP enabled runs no session").isEmpty();
    }
}
