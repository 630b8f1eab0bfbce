package io.vpnplane.connection.peerconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.connection.ipsec.IpsecConnection;
import io.vpnplane.connection.ipsec.PreSharedKey;
import io.vpnplane.connection.ipsec.References;
import io.vpnplane.events.EventJson;
import io.vpnplane.events.connection.CustomerGatewayState;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.secret.TransitKey;

/** REQ-PEER-001: the strongSwan output is a swanctl.conf that a real strongSwan 5.9 loads without error. */
class StrongSwanConfigTest {

    private static final References REFS = new References(Map.of(
            "cgw-a", new CustomerGatewayState("cgw-a", "acct", "a", "203.0.113.10", Optional.of(65530L), "", Map.of()),
            "cgw-b", new CustomerGatewayState("cgw-b", "acct", "b", "203.0.113.20", Optional.of(65531L), "", Map.of())),
            Set.of());
    private static StrongSwanDaemon charon;

    @BeforeAll
    static void startCharon() throws Exception {
        if (StrongSwanDaemon.available()) {
            charon = StrongSwanDaemon.start();
        }
    }

    @AfterAll
    static void stopCharon() throws Exception {
        if (charon != null) {
            charon.close();
        }
    }

    private record Rendered(IpsecConnectionState state, Map<String, PreSharedKey> keys) {
    }

    private static Rendered connection(String json) throws Exception {
        AtomicInteger n = new AtomicInteger();
        ObjectNode body = (ObjectNode) EventJson.mapper().readTree(json.replace('\'', '"'));
        IpsecConnection.Decision decision = IpsecConnection.create("vco-test", "acct", body, REFS,
                () -> "tun-" + n.incrementAndGet(),
                TransitKey.fromBase64("dnBucGxhbmUtZGV2LXRyYW5zaXQta2V5LTMyLWJ5dGU="));
        return new Rendered(decision.resultingState().orElseThrow(), new LinkedHashMap<>(decision.newKeys()));
    }

    private static String render(Rendered r, boolean encap) {
        return PeerConfigFormat.STRONGSWAN.render(r.state(), r.keys(), Map.of(), encap);
    }

    private static void assertLoads(String conf, int connections) throws Exception {
        assumeTrue(charon != null, "needs root and strongSwan (strongswan-charon, strongswan-swanctl)");
        StrongSwanDaemon.Result result = charon.loadAll(conf);
        assertThat(result.exitCode()).as(result.output() + "\n--- config ---\n" + conf).isZero();
        assertThat(result.output()).contains("successfully loaded " + connections + " connections, 0 unloaded")
                .doesNotContainPattern("loading connection .* failed");
    }

    @Test
    void defaultDualTunnelConnectionLoads() throws Exception {
        Rendered r = connection("{'name': 'to-dc', 'tunnels': [{'customerGatewayId': 'cgw-a', 'preSharedKey': 'fddsFF123abc'},"
                + " {'customerGatewayId': 'cgw-b'}]}");
        String conf = render(r, false);
        // REQ-TUN-004/005 defaults as strongSwan proposals; REQ-TUN-002 the key is in the file
        assertThat(conf).contains("proposals = aes128-sha1-modp1024").contains("esp_proposals = aes128-sha1-modp1024")
                .contains("version = 2").contains("local_addrs = 203.0.113.10").contains("secret = \"fddsFF123abc\"")
                .contains("remote_addrs = %any").contains("assigned when the tunnel is placed").doesNotContain("encap");
        assertLoads(conf, 2);
        assertThat(charon.swanctl("--list-conns").output()).contains("vpnplane-tun-1").contains("vpnplane-tun-2");
    }

    @Test
    void everyVocabularyChoiceLoads() throws Exception {
        // IKEv1 aggressive with FQDN ids, 3des/md5/group1, PFS disabled, policy mode, DPD hold, NAT-T forced
        Rendered r = connection("{'routingMode': 'policy', 'localCidrs': ['10.0.0.0/16'], 'remoteCidrs': ['192.168.0.0/24'],"
                + " 'tunnels': [{'customerGatewayId': 'cgw-a', 'preSharedKey': 'a\\\\b$c{d}`e',"
                + " 'ike': {'version': 'ikev1', 'mode': 'aggressive', 'encryption': '3des', 'integrity': 'md5', 'dhGroup': 'group1',"
                + " 'lifetimeSeconds': 0, 'localId': 'cloud.example.com', 'remoteId': 'dc.example.com'},"
                + " 'ipsec': {'encryption': 'des', 'integrity': 'sha512', 'dhGroup': 'disabled', 'lifetimeSeconds': 3600},"
                + " 'dpd': {'action': 'hold'}}, {'customerGatewayId': 'cgw-b', 'ike': {'encryption': 'aes256',"
                + " 'integrity': 'sha384', 'dhGroup': 'group14'}, 'ipsec': {'encryption': 'aes192', 'dhGroup': 'group5'},"
                + " 'dpd': {'enabled': false}}]}");
        String conf = render(r, true);
        assertThat(conf).contains("aggressive = yes").contains("proposals = 3des-md5-modp768")
                .contains("esp_proposals = des-sha512\n").contains("local_ts = 192.168.0.0/24")
                .contains("remote_ts = 10.0.0.0/16").contains("dpd_action = trap").contains("encap = yes")
                .contains("id = dc.example.com").contains("id = cloud.example.com")
                .contains("proposals = aes256-sha384-modp2048").contains("esp_proposals = aes192-sha1-modp1536")
                .contains("dpd_timeout = 30s").contains("secret = 0x");
        assertLoads(conf, 2);
    }

    @Test
    void bgpNeighbourSettingsAreIncluded() throws Exception {
        Rendered r = connection("{'bgp': {'enabled': true, 'localAsn': 65001}, 'tunnels': [{'customerGatewayId': 'cgw-a',"
                + " 'bgp': {'tunnelCidr': '169.254.10.0/30', 'localBgpIp': '169.254.10.1'}}, {'customerGatewayId': 'cgw-b',"
                + " 'bgp': {'tunnelCidr': '169.254.11.0/30', 'localBgpIp': '169.254.11.2'}}]}");
        String conf = render(r, false);
        assertThat(conf).contains("router bgp 65530").contains("neighbor 169.254.10.1 remote-as 65001")
                .contains("give the device 169.254.10.2/30").contains("give the device 169.254.11.1/30");
        assertLoads(conf, 2);
    }

    @Test
    void ciscoAsaIkev2UsesVtiAndBgp() throws Exception {
        Rendered r = connection("{'bgp': {'enabled': true}, 'tunnels': [{'customerGatewayId': 'cgw-a', 'preSharedKey': 'K3y',"
                + " 'ike': {'encryption': 'aes256', 'integrity': 'sha256', 'dhGroup': 'group14'},"
                + " 'bgp': {'tunnelCidr': '169.254.10.0/30', 'localBgpIp': '169.254.10.1'}}, {'customerGatewayId': 'cgw-b',"
                + " 'ike': {'version': 'ikev1'}, 'ipsec': {'dhGroup': 'disabled'},"
                + " 'bgp': {'tunnelCidr': '169.254.11.0/30', 'localBgpIp': '169.254.11.1'}}]}");
        String asa = PeerConfigFormat.CISCO_ASA.render(r.state(), r.keys(), Map.of(), false);
        assertThat(asa).contains("crypto ikev2 policy 10").contains(" encryption aes-256").contains(" integrity sha256")
                .contains(" group 14").contains("ikev2 remote-authentication pre-shared-key K3y")
                .contains("interface Tunnel1").contains(" ip address 169.254.10.2 255.255.255.252")
                .contains("neighbor 169.254.10.1 remote-as 45104").contains("router bgp 65530")
                .contains("crypto ikev1 policy 20").contains(" set pfs group2")
                .contains("tunnel destination CLOUD_GATEWAY_IP_1");
    }

    @Test
    void placedTunnelsNameTheirCloudGatewayIp() throws Exception {
        // REQ-PEER-001 + REQ-TUN-012: tun-1 is placed, tun-2 still pending; the cloud waits for the peer (REQ-CONN-008)
        Rendered r = connection("{'effectImmediately': false, 'tunnels': [{'customerGatewayId': 'cgw-a'},"
                + " {'customerGatewayId': 'cgw-b'}]}");
        String conf = PeerConfigFormat.STRONGSWAN.render(r.state(), r.keys(), Map.of("tun-1", "198.51.100.7"), false);
        assertThat(conf).contains("remote_addrs = 198.51.100.7").contains("remote_addrs = %any")
                .contains("assigned when the tunnel is placed");
        assertThat(conf.substring(conf.indexOf("vpnplane-tun-1 {"), conf.indexOf("vpnplane-tun-2 {")))
                .contains("start_action = start");
        assertThat(conf.substring(conf.indexOf("vpnplane-tun-2 {"))).contains("start_action = none");
        assertLoads(conf, 2);

        String allPlaced = PeerConfigFormat.STRONGSWAN.render(r.state(), r.keys(),
                Map.of("tun-1", "198.51.100.7", "tun-2", "198.51.100.8"), false);
        assertThat(allPlaced).doesNotContain("remote_addrs = %any").doesNotContain("assigned when the tunnel is placed");
        String asa = PeerConfigFormat.CISCO_ASA.render(r.state(), r.keys(), Map.of("tun-1", "198.51.100.7"), false);
        assertThat(asa).contains("tunnel destination 198.51.100.7").contains("tunnel-group 198.51.100.7 type ipsec-l2l")
                .contains("tunnel destination CLOUD_GATEWAY_IP_2");
    }
}
