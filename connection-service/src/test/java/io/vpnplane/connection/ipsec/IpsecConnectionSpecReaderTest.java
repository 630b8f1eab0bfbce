package io.vpnplane.connection.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.connection.net.Asn;
import io.vpnplane.connection.net.Ipv4Address;
import io.vpnplane.connection.net.Ipv4Cidr;
import io.vpnplane.connection.validation.Findings;
import io.vpnplane.connection.validation.Violation;
import io.vpnplane.connection.validation.Warning;

class IpsecConnectionSpecReaderTest {

    private final AtomicInteger ids = new AtomicInteger();
    private final IpsecConnectionSpecReader reader =
            new IpsecConnectionSpecReader(() -> "tun-" + ids.incrementAndGet());

    private IpsecConnectionSpec accept(ObjectNode body) {
        Findings findings = new Findings();
        var read = reader.read(body, findings);
        assertThat(findings.violations()).isEmpty();
        return read.orElseThrow().spec();
    }

    private List<Violation> refuse(ObjectNode body) {
        Findings findings = new Findings();
        assertThat(reader.read(body, findings)).isEmpty();
        assertThat(findings.violations()).isNotEmpty();
        return findings.violations();
    }

    private List<Warning> warnings(ObjectNode body) {
        Findings findings = new Findings();
        assertThat(reader.read(body, findings)).isPresent();
        return findings.warnings();
    }

    private static Violation v(String code, String field) {
        return new Violation(code, field, "");
    }

    private static List<Violation> withoutDetail(List<Violation> violations) {
        return violations.stream().map(x -> v(x.code(), x.field())).toList();
    }

    @Test
    void omittedFieldsTakeTheSeedsDefaults() {
        IpsecConnectionSpec spec = accept(Json.dual());
        assertThat(spec.gatewayType()).isEqualTo(GatewayType.PUBLIC); // REQ-CONN-003
        assertThat(spec.tunnelMode()).isEqualTo(TunnelMode.DUAL); // REQ-CONN-004
        assertThat(spec.routingMode()).isEqualTo(RoutingMode.DESTINATION); // REQ-CONN-005
        assertThat(spec.effectImmediately()).isTrue(); // REQ-CONN-008
        assertThat(spec.bgp()).isEqualTo(new ConnectionBgp(false, new Asn(45_104))); // REQ-CONN-009
        assertThat(spec.advanced()).isEqualTo(new AdvancedSettings(true, true, true)); // REQ-CONN-010
        assertThat(spec.attachment()).isEqualTo(new Attachment.None()); // REQ-CONN-002
        assertThat(spec.tunnels()).hasSize(2);
        TunnelOptions tunnel = spec.tunnels().getFirst();
        // REQ-TUN-004
        assertThat(tunnel.ike()).isEqualTo(new IkeSettings(IkeVersion.IKEV2, NegotiationMode.MAIN,
                EncryptionAlgorithm.AES, IntegrityAlgorithm.SHA1, DhGroup.GROUP2, 86_400,
                java.util.Optional.empty(), java.util.Optional.empty()));
        // REQ-TUN-005
        assertThat(tunnel.ipsec()).isEqualTo(new IpsecSettings(EncryptionAlgorithm.AES, IntegrityAlgorithm.SHA1,
                DhGroup.GROUP2, 86_400));
        // REQ-TUN-006: enabled, restart, 130 s with IKEv2
        assertThat(tunnel.dpd()).isEqualTo(new DeadPeerDetection(true, DpdAction.RESTART, 10, 130));
        assertThat(tunnel.natTraversal()).isTrue(); // REQ-TUN-007
        assertThat(tunnel.bgp()).isEmpty();
        // REQ-TUN-011: disabled, 3 s, 3 retries, switch routes
        assertThat(tunnel.healthCheck()).isEqualTo(HealthCheck.defaults());
        assertThat(tunnel.healthCheck().intervalSeconds()).isEqualTo(3);
        assertThat(tunnel.healthCheck().retries()).isEqualTo(3);
        assertThat(tunnel.healthCheck().switchRoute()).isTrue();
        assertThat(spec.tunnels()).extracting(TunnelOptions::id).doesNotHaveDuplicates();
    }

    @Test
    void dpdTimeoutDefaultsTo30SecondsWithIkev1() {
        // REQ-TUN-006: 30 s with IKEv1
        ObjectNode body = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'version': 'ikev1'}}]}");
        assertThat(accept(body).tunnels().getFirst().dpd().timeoutSeconds()).isEqualTo(30);
    }

    @Test
    void everySeedSpellingIsAccepted() {
        // REQ-TUN-004, REQ-TUN-005: the exact vocabularies
        for (String enc : List.of("aes", "aes192", "aes256", "des", "3des")) {
            for (String integ : List.of("md5", "sha1", "sha256", "sha384", "sha512")) {
                ObjectNode body = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                        + " 'ike': {'encryption': '" + enc + "', 'integrity': '" + integ + "'},"
                        + " 'ipsec': {'encryption': '" + enc + "', 'integrity': '" + integ + "'}}]}");
                TunnelOptions t = accept(body).tunnels().getFirst();
                assertThat(t.ike().encryption().json()).isEqualTo(enc);
                assertThat(t.ipsec().integrity().json()).isEqualTo(integ);
            }
        }
        for (String group : List.of("group1", "group2", "group5", "group14")) {
            ObjectNode body = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                    + " 'ike': {'dhGroup': '" + group + "'}, 'ipsec': {'dhGroup': '" + group + "'}}]}");
            assertThat(accept(body).tunnels().getFirst().ike().dhGroup().json()).isEqualTo(group);
        }
        for (String action : List.of("restart", "hold", "clear")) {
            ObjectNode body = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                    + " 'dpd': {'action': '" + action + "'}}]}");
            assertThat(accept(body).tunnels().getFirst().dpd().action().json()).isEqualTo(action);
        }
    }

    @Test
    void spellingsOutsideTheVocabularyAreRefusedWithTheirPath() {
        ObjectNode body = Json.parse("{'gatewayType': 'Public', 'tunnels': [{'customerGatewayId': 'a'},"
                + " {'customerGatewayId': 'b', 'ike': {'encryption': 'AES', 'version': 'v2'},"
                + " 'ipsec': {'integrity': 'sha-256', 'dhGroup': 'group19'}, 'dpd': {'action': 'reboot'}}]}");
        assertThat(withoutDetail(refuse(body))).containsExactlyInAnyOrder(
                v("InvalidParameter.GatewayType", "gatewayType"),
                v("InvalidParameter.IkeEncryption", "tunnels[1].ike.encryption"),
                v("InvalidParameter.IkeVersion", "tunnels[1].ike.version"),
                v("InvalidParameter.IpsecIntegrity", "tunnels[1].ipsec.integrity"),
                v("InvalidParameter.IpsecDhGroup", "tunnels[1].ipsec.dhGroup"),
                v("InvalidParameter.DpdAction", "tunnels[1].dpd.action"));
        assertThat(refuse(body)).filteredOn(x -> x.field().equals("tunnels[1].ike.encryption"))
                .extracting(Violation::detail).containsExactly("'AES' is not one of: aes, aes192, aes256, des, 3des");
    }

    @Test
    void aggressiveModeOnlyWithIkev1() {
        // REQ-TUN-004: aggressive mode is IKEv1-only
        ObjectNode v1 = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'version': 'ikev1', 'mode': 'aggressive'}}]}");
        assertThat(accept(v1).tunnels().getFirst().ike().mode()).isEqualTo(NegotiationMode.AGGRESSIVE);
        ObjectNode v2 = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'mode': 'aggressive'}}]}");
        assertThat(withoutDetail(refuse(v2))).containsExactly(v("InvalidParameter.IkeMode", "tunnels[0].ike.mode"));
    }

    @Test
    void disabledDhGroupOnlyInPhase2() {
        // REQ-TUN-005: phase 2 "disabled" = no PFS; REQ-TUN-004: phase 1 has no such value
        ObjectNode phase2 = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ipsec': {'dhGroup': 'disabled'}}]}");
        assertThat(accept(phase2).tunnels().getFirst().ipsec().perfectForwardSecrecy()).isFalse();
        ObjectNode phase1 = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'dhGroup': 'disabled'}}]}");
        assertThat(withoutDetail(refuse(phase1)))
                .containsExactly(v("InvalidParameter.IkeDhGroup", "tunnels[0].ike.dhGroup"));
    }

    @Test
    void lifetimesFrom0To86400() {
        // REQ-TUN-004, REQ-TUN-005
        ObjectNode ok = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'lifetimeSeconds': 0}, 'ipsec': {'lifetimeSeconds': 86400}}]}");
        assertThat(accept(ok).tunnels().getFirst().ike().lifetimeSeconds()).isZero();
        ObjectNode bad = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'lifetimeSeconds': 86401}, 'ipsec': {'lifetimeSeconds': -1}}]}");
        assertThat(withoutDetail(refuse(bad))).containsExactlyInAnyOrder(
                v("InvalidParameter.IkeLifetime", "tunnels[0].ike.lifetimeSeconds"),
                v("InvalidParameter.IpsecLifetime", "tunnels[0].ipsec.lifetimeSeconds"));
    }

    @Test
    void preSharedKeysAreReadApartFromTheSpecAndChecked() {
        // REQ-TUN-002
        ObjectNode ok = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'preSharedKey': 'fddsFF123abc'}]}");
        Findings findings = new Findings();
        var read = reader.read(ok, findings).orElseThrow();
        assertThat(read.preSharedKeys().values()).extracting(PreSharedKey::reveal).containsExactly("fddsFF123abc");
        assertThat(read.spec().toString()).doesNotContain("fddsFF123abc");
        ObjectNode bad = Json.parse("{'tunnels': [{'customerGatewayId': 'a', 'preSharedKey': 'has space'},"
                + " {'customerGatewayId': 'b', 'preSharedKey': ''}]}");
        assertThat(withoutDetail(refuse(bad))).containsExactly(
                v("InvalidParameter.PreSharedKey", "tunnels[0].preSharedKey"),
                v("InvalidParameter.PreSharedKey", "tunnels[1].preSharedKey"));
    }

    @Test
    void tunnelCountFollowsTheTunnelMode() {
        // REQ-CONN-004: single = 1 tunnel, dual = 2
        assertThat(accept(Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c'}]}"))
                .tunnels()).hasSize(1);
        assertThat(withoutDetail(refuse(Json.parse("{'tunnels': [{'customerGatewayId': 'c'}]}"))))
                .containsExactly(v("InvalidParameter.TunnelCount", "tunnels"));
        assertThat(withoutDetail(refuse(Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'a'},"
                + " {'customerGatewayId': 'b'}]}")))).containsExactly(v("InvalidParameter.TunnelCount", "tunnels"));
        assertThat(withoutDetail(refuse(Json.parse("{'name': 'x'}"))))
                .containsExactly(v("MissingParameter.Tunnels", "tunnels"));
        // REQ-TUN-001
        assertThat(withoutDetail(refuse(Json.parse("{'tunnelMode': 'single', 'tunnels': [{}]}"))))
                .contains(v("MissingParameter.CustomerGatewayId", "tunnels[0].customerGatewayId"));
    }

    @Test
    void newTransitRouterAttachmentsAreDualTunnelOnly() {
        // REQ-CONN-004, REQ-CONN-002
        ObjectNode single = Json.parse("{'tunnelMode': 'single', 'attachment': {'type': 'transit-router',"
                + " 'cenInstanceId': 'cen-1', 'transitRouterId': 'tr-1'}, 'tunnels': [{'customerGatewayId': 'c'}]}");
        assertThat(withoutDetail(refuse(single)))
                .containsExactly(v("OperationDenied.SingleTunnelTransitRouter", "tunnelMode"));
        ObjectNode dual = Json.dual();
        dual.set("attachment", Json.parse("{'type': 'transit-router', 'cenInstanceId': 'cen-1',"
                + " 'transitRouterId': 'tr-1', 'zone': 'zone-a'}"));
        assertThat(accept(dual).attachment()).isEqualTo(new Attachment.ToTransitRouter("cen-1", "tr-1",
                java.util.Optional.of("zone-a")));
        ObjectNode singleOnVpnGateway = Json.parse("{'tunnelMode': 'single', 'attachment': {'type': 'vpn-gateway',"
                + " 'vpnGatewayId': 'vpngw-1'}, 'tunnels': [{'customerGatewayId': 'c'}]}");
        assertThat(accept(singleOnVpnGateway).attachment()).isEqualTo(new Attachment.ToVpnGateway("vpngw-1"));
    }

    @Test
    void attachmentsNeedTheirIdentifiers() {
        // REQ-CONN-002: CEN instance id + transit router id
        ObjectNode tr = Json.dual();
        tr.set("attachment", Json.parse("{'type': 'transit-router', 'vpnGatewayId': 'x'}"));
        assertThat(withoutDetail(refuse(tr))).containsExactlyInAnyOrder(
                v("InvalidParameter.Attachment", "attachment.vpnGatewayId"),
                v("MissingParameter.CenInstanceId", "attachment.cenInstanceId"),
                v("MissingParameter.TransitRouterId", "attachment.transitRouterId"));
        ObjectNode vpn = Json.dual();
        vpn.set("attachment", Json.parse("{'type': 'vpn-gateway'}"));
        assertThat(withoutDetail(refuse(vpn)))
                .containsExactly(v("MissingParameter.VpnGatewayId", "attachment.vpnGatewayId"));
    }

    @Test
    void policyModeNeedsBothCidrLists() {
        // REQ-CONN-005
        ObjectNode policy = Json.dual();
        policy.put("routingMode", "policy");
        assertThat(withoutDetail(refuse(policy))).containsExactlyInAnyOrder(
                v("MissingParameter.LocalCidrs", "localCidrs"), v("MissingParameter.RemoteCidrs", "remoteCidrs"));
        policy.set("localCidrs", Json.MAPPER.valueToTree(List.of("192.168.0.0/24")));
        policy.set("remoteCidrs", Json.MAPPER.valueToTree(List.of("10.0.0.0/16")));
        IpsecConnectionSpec spec = accept(policy);
        assertThat(spec.localCidrs()).containsExactly(Ipv4Cidr.of("192.168.0.0/24"));
        assertThat(spec.remoteCidrs()).containsExactly(Ipv4Cidr.of("10.0.0.0/16"));
        policy.set("remoteCidrs", Json.MAPPER.valueToTree(List.of("10.0.0.1/16", "x")));
        assertThat(withoutDetail(refuse(policy))).containsExactly(
                v("InvalidParameter.RemoteCidrs", "remoteCidrs[0]"),
                v("InvalidParameter.RemoteCidrs", "remoteCidrs[1]"));
    }

    @Test
    void cidrListsOnlyInPolicyMode() {
        // REQ-CONN-005: destination mode routes by destination routes, not CIDR lists
        ObjectNode destination = Json.dual();
        destination.set("localCidrs", Json.MAPPER.valueToTree(List.of("192.168.0.0/24")));
        assertThat(withoutDetail(refuse(destination)))
                .containsExactly(v("InvalidParameter.LocalCidrs", "localCidrs"));
    }

    @Test
    void moreThanOneCidrRequiresIkev2() {
        // REQ-CONN-006
        ObjectNode body = Json.parse("{'routingMode': 'policy', 'localCidrs': ['192.168.0.0/24', '192.168.1.0/24'],"
                + " 'remoteCidrs': ['10.0.0.0/16'], 'tunnels': [{'customerGatewayId': 'a', 'ike': {'version': 'ikev1'}},"
                + " {'customerGatewayId': 'b'}]}");
        assertThat(withoutDetail(refuse(body)))
                .containsExactly(v("InvalidParameter.MultipleCidrsRequireIkev2", "tunnels[0].ike.version"));
        ((ObjectNode) body.get("tunnels").get(0).get("ike")).put("version", "ikev2");
        assertThat(accept(body).localCidrs()).hasSize(2);
        ObjectNode oneEach = Json.parse("{'routingMode': 'policy', 'localCidrs': ['192.168.0.0/24'],"
                + " 'remoteCidrs': ['10.0.0.0/16'], 'tunnels': [{'customerGatewayId': 'a', 'ike': {'version': 'ikev1'}},"
                + " {'customerGatewayId': 'b', 'ike': {'version': 'ikev1'}}]}");
        assertThat(accept(oneEach).tunnels()).hasSize(2);
    }

    @Test
    void tunnelCidrIsAnUnreservedSlash30OfLinkLocal() {
        // REQ-TUN-008
        assertThat(accept(withTunnelBgp("169.254.10.0/30", "169.254.10.1")).tunnels().getFirst().bgp())
                .contains(new TunnelBgp(Ipv4Cidr.of("169.254.10.0/30"), Ipv4Address.of("169.254.10.1")));
        assertThat(withoutDetail(refuse(withTunnelBgp("169.254.10.0/29", "169.254.10.1"))))
                .containsExactly(v("InvalidParameter.TunnelCidr", "tunnels[0].bgp.tunnelCidr"));
        assertThat(withoutDetail(refuse(withTunnelBgp("10.0.0.0/30", "10.0.0.1"))))
                .containsExactly(v("InvalidParameter.TunnelCidr", "tunnels[0].bgp.tunnelCidr"));
        assertThat(withoutDetail(refuse(withTunnelBgp("169.254.10.1/30", "169.254.10.1"))))
                .containsExactly(v("InvalidParameter.TunnelCidr", "tunnels[0].bgp.tunnelCidr"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.0.0/30", "169.254.1.0/30", "169.254.2.0/30", "169.254.3.0/30",
            "169.254.4.0/30", "169.254.5.0/30", "169.254.6.0/30", "169.254.169.252/30"})
    void reservedTunnelCidrsAreRefused(String cidr) {
        // REQ-TUN-008: the eight reserved blocks
        String host = cidr.substring(0, cidr.lastIndexOf('.')) + "." + (Integer.parseInt(
                cidr.substring(cidr.lastIndexOf('.') + 1, cidr.indexOf('/'))) + 1);
        assertThat(withoutDetail(refuse(withTunnelBgp(cidr, host))))
                .containsExactly(v("InvalidParameter.TunnelCidr", "tunnels[0].bgp.tunnelCidr"));
    }

    @Test
    void localBgpIpIsAHostOfTheTunnelCidr() {
        // REQ-TUN-008
        for (String outside : List.of("169.254.10.0", "169.254.10.3", "169.254.11.1")) {
            assertThat(withoutDetail(refuse(withTunnelBgp("169.254.10.0/30", outside))))
                    .containsExactly(v("InvalidParameter.LocalBgpIp", "tunnels[0].bgp.localBgpIp"));
        }
        assertThat(accept(withTunnelBgp("169.254.10.0/30", "169.254.10.2")).tunnels()).hasSize(1);
        ObjectNode missing = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'bgp': {'tunnelCidr': '169.254.10.0/30'}}]}");
        assertThat(withoutDetail(refuse(missing)))
                .containsExactly(v("MissingParameter.LocalBgpIp", "tunnels[0].bgp.localBgpIp"));
    }

    private static ObjectNode withTunnelBgp(String cidr, String ip) {
        return Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'bgp': {'tunnelCidr': '" + cidr + "', 'localBgpIp': '" + ip + "'}}]}");
    }

    @Test
    void theTwoTunnelsUseDifferentTunnelCidrs() {
        // REQ-TUN-009
        ObjectNode same = Json.parse("{'tunnels': [{'customerGatewayId': 'a', 'bgp': {'tunnelCidr': '169.254.10.0/30',"
                + " 'localBgpIp': '169.254.10.1'}}, {'customerGatewayId': 'b', 'bgp': {'tunnelCidr': '169.254.10.0/30',"
                + " 'localBgpIp': '169.254.10.2'}}]}");
        assertThat(withoutDetail(refuse(same)))
                .containsExactly(v("InvalidParameter.DuplicateTunnelCidr", "tunnels[1].bgp.tunnelCidr"));
        ObjectNode different = Json.parse("{'tunnels': [{'customerGatewayId': 'a', 'bgp': {'tunnelCidr':"
                + " '169.254.10.0/30', 'localBgpIp': '169.254.10.1'}}, {'customerGatewayId': 'b', 'bgp':"
                + " {'tunnelCidr': '169.254.11.0/30', 'localBgpIp': '169.254.11.1'}}]}");
        assertThat(accept(different).tunnels()).hasSize(2);
    }

    @Test
    void enabledBgpNeedsEveryTunnelsAddressing() {
        // REQ-TUN-010
        ObjectNode body = Json.parse("{'bgp': {'enabled': true}, 'tunnels': [{'customerGatewayId': 'a', 'bgp':"
                + " {'tunnelCidr': '169.254.10.0/30', 'localBgpIp': '169.254.10.1'}}, {'customerGatewayId': 'b'}]}");
        assertThat(withoutDetail(refuse(body))).containsExactly(v("MissingParameter.TunnelBgp", "tunnels[1].bgp"));
    }

    @Test
    void localAsnPlainOrDottedAndPublicOnesWarn() {
        // REQ-CONN-009 (range and forms as REQ-CGW-002)
        ObjectNode dotted = Json.dual();
        dotted.set("bgp", Json.parse("{'localAsn': '1.10'}"));
        assertThat(accept(dotted).bgp().localAsn()).isEqualTo(new Asn(65_546));
        assertThat(warnings(dotted)).extracting(Warning::code, Warning::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NotRecommended.PublicAsn", "bgp.localAsn"));
        ObjectNode privateAsn = Json.dual();
        privateAsn.set("bgp", Json.parse("{'localAsn': 65001}"));
        assertThat(warnings(privateAsn)).isEmpty();
        ObjectNode outOfRange = Json.dual();
        outOfRange.set("bgp", Json.parse("{'localAsn': 4294967296}"));
        assertThat(withoutDetail(refuse(outOfRange))).containsExactly(v("InvalidParameter.LocalAsn", "bgp.localAsn"));
        assertThat(warnings(Json.dual())).isEmpty();
    }

    @Test
    void notRecommendedAlgorithmsAreAcceptedWithWarnings() {
        // REQ-TUN-004, REQ-TUN-005: des/3des (and md5) accepted but flagged
        ObjectNode body = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'encryption': 'des', 'integrity': 'md5'}, 'ipsec': {'encryption': '3des'}}]}");
        assertThat(warnings(body)).extracting(Warning::code, Warning::field).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("NotRecommended.Encryption", "tunnels[0].ike.encryption"),
                org.assertj.core.groups.Tuple.tuple("NotRecommended.Integrity", "tunnels[0].ike.integrity"),
                org.assertj.core.groups.Tuple.tuple("NotRecommended.Encryption", "tunnels[0].ipsec.encryption"));
    }

    @Test
    void identitiesAreIpOrFqdnWithoutSpaces() {
        // REQ-TUN-004
        ObjectNode ok = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'localId': '10.0.0.1', 'remoteId': 'vpn.example.com'}}]}");
        IkeSettings ike = accept(ok).tunnels().getFirst().ike();
        assertThat(ike.localId()).contains("10.0.0.1");
        assertThat(ike.remoteId()).contains("vpn.example.com");
        ObjectNode bad = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'localId': 'has space', 'remoteId': '" + "a".repeat(101) + "'}}]}");
        assertThat(withoutDetail(refuse(bad))).containsExactlyInAnyOrder(
                v("InvalidParameter.LocalId", "tunnels[0].ike.localId"),
                v("InvalidParameter.RemoteId", "tunnels[0].ike.remoteId"));
    }

    @Test
    void fqdnIdentityWithIkev1MainModeWarns() {
        // REQ-TUN-004: with an FQDN id, aggressive mode is recommended (an IKEv1 choice)
        ObjectNode main = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'version': 'ikev1', 'remoteId': 'dc.example.com'}}]}");
        assertThat(warnings(main)).extracting(Warning::code).containsExactly("NotRecommended.FqdnIdWithMainMode");
        ObjectNode aggressive = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'version': 'ikev1', 'mode': 'aggressive', 'remoteId': 'dc.example.com'}}]}");
        assertThat(warnings(aggressive)).isEmpty();
        ObjectNode ikev2 = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'ike': {'remoteId': 'dc.example.com'}}]}");
        assertThat(warnings(ikev2)).isEmpty();
    }

    @Test
    void enabledHealthCheckNeedsBothAddresses() {
        // REQ-TUN-011
        ObjectNode body = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'healthCheck': {'enabled': true}}]}");
        assertThat(withoutDetail(refuse(body))).containsExactlyInAnyOrder(
                v("MissingParameter.HealthCheckDestinationIp", "tunnels[0].healthCheck.destinationIp"),
                v("MissingParameter.HealthCheckSourceIp", "tunnels[0].healthCheck.sourceIp"));
        ObjectNode ok = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'healthCheck': {'enabled': true, 'destinationIp': '192.168.0.10', 'sourceIp': '10.0.0.10',"
                + " 'switchRoute': false}}]}");
        HealthCheck check = accept(ok).tunnels().getFirst().healthCheck();
        assertThat(check).isEqualTo(new HealthCheck(true, java.util.Optional.of(Ipv4Address.of("192.168.0.10")),
                java.util.Optional.of(Ipv4Address.of("10.0.0.10")), 3, 3, false, java.util.Optional.empty()));
    }

    @Test
    void aHealthCheckIntervalBelowOneSecondIsGivenInMilliseconds() {
        // REQ-TUN-011: down to 200 ms for fast failover; the seconds field shows the interval rounded up
        HealthCheck check = accept(Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'healthCheck': {'enabled': true, 'destinationIp': '192.168.0.10', 'sourceIp': '10.0.0.10',"
                + " 'intervalMillis': 200}}]}")).tunnels().getFirst().healthCheck();
        assertThat(check.intervalMillis()).contains(200);
        assertThat(check.intervalSeconds()).isEqualTo(1);
        assertThat(withoutDetail(refuse(Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'healthCheck': {'intervalMillis': 199}}]}"))))
                .containsExactly(v("InvalidParameter.HealthCheckIntervalMillis", "tunnels[0].healthCheck.intervalMillis"));
        assertThat(withoutDetail(refuse(Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'healthCheck': {'intervalMillis': 500, 'intervalSeconds': 1}}]}"))))
                .containsExactly(v("InvalidParameter.HealthCheckInterval", "tunnels[0].healthCheck.intervalMillis"));
    }

    @Test
    void dpdTimeoutExceedsTheInterval() {
        // REQ-B-003: interval >= 1, timeout > interval
        ObjectNode body = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'dpd': {'intervalSeconds': 30, 'timeoutSeconds': 30}}]}");
        assertThat(withoutDetail(refuse(body)))
                .containsExactly(v("InvalidParameter.DpdTimeout", "tunnels[0].dpd.timeoutSeconds"));
        ObjectNode zero = Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'c',"
                + " 'dpd': {'intervalSeconds': 0}}]}");
        assertThat(withoutDetail(refuse(zero)))
                .containsExactly(v("InvalidParameter.DpdInterval", "tunnels[0].dpd.intervalSeconds"));
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        ObjectNode body = Json.parse("{'nmae': 'typo', 'routingMode': 'policy', 'gatewayType': 'public',"
                + " 'tunnels': [{'customerGatewayId': 'a', 'natTraversal': 'yes'},"
                + " {'customerGatewayId': 'b', 'bgp': {'tunnelCidr': '169.254.1.0/30', 'localBgpIp': '169.254.1.1'}}]}");
        assertThat(withoutDetail(refuse(body))).containsExactlyInAnyOrder(
                v("InvalidParameter.UnknownField", "nmae"),
                v("InvalidParameter.NatTraversal", "tunnels[0].natTraversal"),
                v("InvalidParameter.TunnelCidr", "tunnels[1].bgp.tunnelCidr"),
                v("MissingParameter.LocalCidrs", "localCidrs"),
                v("MissingParameter.RemoteCidrs", "remoteCidrs"));
    }

    @Test
    void tagsNeedAKeyAndMayHaveAnEmptyValue() {
        // REQ-CONN-001
        ObjectNode ok = Json.dual();
        ok.set("tags", Json.parse("{'env': 'prod', 'team': ''}"));
        assertThat(accept(ok).tags()).containsEntry("env", "prod").containsEntry("team", "");
        ObjectNode bad = Json.dual();
        bad.set("tags", Json.parse("{' ': 'x', 'n': 5}"));
        assertThat(withoutDetail(refuse(bad))).containsExactlyInAnyOrder(
                v("InvalidParameter.TagKey", "tags"), v("InvalidParameter.TagValue", "tags.n"));
    }

    @Test
    void otherConnectionLevelChoices() {
        // REQ-CONN-003 private gateway type, REQ-CONN-008 effectImmediately false, REQ-CONN-010 switches off
        ObjectNode body = Json.dual();
        body.put("gatewayType", "private");
        body.put("effectImmediately", false);
        body.set("advanced", Json.parse("{'autoAdvertiseRoutes': false, 'autoPropagateToDefaultRouteTable': false}"));
        IpsecConnectionSpec spec = accept(body);
        assertThat(spec.gatewayType()).isEqualTo(GatewayType.PRIVATE);
        assertThat(spec.effectImmediately()).isFalse();
        assertThat(spec.advanced()).isEqualTo(new AdvancedSettings(false, true, false));
    }

    @Test
    void initiatorIsBidirectionalByDefaultOrResponseOnly() {
        // REQ-B-004
        assertThat(accept(Json.dual()).initiator()).isEqualTo(Initiator.BI_DIRECTIONAL);
        ObjectNode body = Json.dual();
        body.put("initiator", "response-only");
        assertThat(accept(body).initiator()).isEqualTo(Initiator.RESPONSE_ONLY);
        body.put("initiator", "passive");
        assertThat(withoutDetail(refuse(body))).containsExactly(v("InvalidParameter.Initiator", "initiator"));
    }
}
