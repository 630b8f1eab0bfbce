package io.vpnplane.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vpnplane.bgp.rib.PathKind;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.connection.IpsecConnectionState.TunnelBgp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpsecSessionPlannerTest {

    private final IpsecSessionPlanner planner = new IpsecSessionPlanner();

    private static IpsecConnectionState.Tunnel tunnel(String id, Optional<Long> cgwAsn, Optional<TunnelBgp> bgp) {
        return new IpsecConnectionState.Tunnel(id, "cgw-1", "198.51.100.7", cgwAsn, 1,
                new IpsecConnectionState.Ike("ikev2", "main", "aes256", "sha256", "group14", 86400, Optional.empty(), Optional.empty()),
                new IpsecConnectionState.Ipsec("aes256", "sha256", "group14", 3600),
                new IpsecConnectionState.Dpd(true, "restart", 10, 130), true, bgp,
                new IpsecConnectionState.HealthCheck(false, Optional.empty(), Optional.empty(), 2, 5, true), Optional.empty());
    }

    private static IpsecConnectionState connection(boolean bgpEnabled, Optional<String> vpnGatewayId, IpsecConnectionState.Tunnel... tunnels) {
        return new IpsecConnectionState("vco-1", "acct-1", "dc", Optional.empty(), Map.of(),
                new IpsecConnectionState.Attachment(vpnGatewayId.isPresent() ? "vpn-gateway" : "none", vpnGatewayId,
                        Optional.empty(), Optional.empty(), Optional.empty()),
                "public", tunnels.length == 2 ? "dual" : "single", "destination", List.of(), List.of(), true,
                new IpsecConnectionState.Bgp(bgpEnabled, 45104), new IpsecConnectionState.Advanced(true, false, false),
                List.of(tunnels), List.of());
    }

    private static final IpsecConnectionState.Tunnel T1 =
            tunnel("tun-1", Optional.of(65530L), Optional.of(new TunnelBgp("169.254.10.0/30", "169.254.10.1")));
    private static final IpsecConnectionState.Tunnel T2 =
            tunnel("tun-2", Optional.of(65530L), Optional.of(new TunnelBgp("169.254.11.0/30", "169.254.11.2")));

    @Test
    void oneSessionPerBgpTunnelOverItsInnerAddresses() { // REQ-AS-001, REQ-GW-003
        var sessions = planner.sessions(connection(true, Optional.of("vgw-1"), T1, T2));
        assertThat(sessions).containsExactly(
                new SessionSpec("bgp-tun-1", "acct-1", "vgw-1", PathKind.IPSEC, new Asn(45104), new Asn(65530),
                        "169.254.10.1", "169.254.10.2", Optional.of("vco-1"), Optional.of("tun-1")),
                new SessionSpec("bgp-tun-2", "acct-1", "vgw-1", PathKind.IPSEC, new Asn(45104), new Asn(65530),
                        "169.254.11.2", "169.254.11.1", Optional.of("vco-1"), Optional.of("tun-2")));
    }

    @Test
    void bgpSwitchedOffMeansNoSessionsSoDisablingRemovesThem() { // REQ-TUN-010
        assertThat(planner.sessions(connection(false, Optional.of("vgw-1"), T1, T2))).isEmpty();
    }

    @Test
    void enablingLaterGivesTheSameSessionIds() { // REQ-TUN-010
        var before = planner.sessions(connection(false, Optional.of("vgw-1"), T1));
        var after = planner.sessions(connection(true, Optional.of("vgw-1"), T1));
        assertThat(before).isEmpty();
        assertThat(after).extracting(SessionSpec::sessionId).containsExactly(IpsecSessionPlanner.sessionIdOf("tun-1"));
    }

    @Test
    void tunnelWithoutAddressingOrPeerAsnHasNoSession() { // REQ-CGW-004
        var noAddressing = tunnel("tun-3", Optional.of(65530L), Optional.empty());
        var noAsn = tunnel("tun-4", Optional.empty(), Optional.of(new TunnelBgp("169.254.12.0/30", "169.254.12.1")));
        assertThat(planner.sessions(connection(true, Optional.of("vgw-1"), noAddressing, noAsn))).isEmpty();
    }

    @Test
    void unattachedConnectionHasNoSession() {
        assertThat(planner.sessions(connection(true, Optional.empty(), T1))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"169.254.10.0/30, 169.254.10.1, 169.254.10.2", "169.254.10.0/30, 169.254.10.2, 169.254.10.1",
            "169.254.10.0/30, 169.254.10.3, ''", "169.254.10.0/29, 169.254.10.1, ''", "169.254.10.4/30, 169.254.10.1, ''"})
    void peerIsTheOtherHostOfTheSlash30(String cidr, String local, String peer) {
        assertThat(IpsecSessionPlanner.peerAddress(cidr, local)).isEqualTo(peer.isEmpty() ? Optional.empty() : Optional.of(peer));
    }
}
