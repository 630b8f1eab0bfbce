package io.vpnplane.connection.ipsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.connection.validation.ResourceNotFound;
import io.vpnplane.connection.validation.Violation;
import io.vpnplane.events.connection.CustomerGatewayState;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.secret.TransitKey;

class IpsecConnectionTest {

    private static final String OWNER = "acct-owner";
    private static final CustomerGatewayState CGW_A = new CustomerGatewayState("cgw-a", OWNER, "dc-a",
            "203.0.113.10", java.util.Optional.of(65530L), "", Map.of());
    private static final CustomerGatewayState CGW_B = new CustomerGatewayState("cgw-b", OWNER, "dc-b",
            "203.0.113.20", java.util.Optional.of(65531L), "", Map.of());
    private static final CustomerGatewayState CGW_NO_ASN = new CustomerGatewayState("cgw-plain", OWNER, "plain",
            "203.0.113.30", java.util.Optional.empty(), "", Map.of());
    private static final References REFS = new References(
            Map.of("cgw-a", CGW_A, "cgw-b", CGW_B, "cgw-plain", CGW_NO_ASN), Set.of("vpngw-1"));

    private static final TransitKey TRANSIT = TransitKey.fromBase64("dnBucGxhbmUtZGV2LXRyYW5zaXQta2V5LTMyLWJ5dGU=");

    private final AtomicInteger tunnelIds = new AtomicInteger();
    private final List<IpsecConnectionEvent> history = new ArrayList<>();

    private IpsecConnection.Decision created(ObjectNode body) {
        IpsecConnection.Decision decision = IpsecConnection.create("vco-1", OWNER, body, REFS,
                () -> "tun-" + tunnelIds.incrementAndGet(), TRANSIT);
        history.addAll(decision.events());
        return decision;
    }

    private IpsecConnection connection() {
        return IpsecConnection.replay(history);
    }

    private IpsecConnection.Decision record(IpsecConnection.Decision decision) {
        history.addAll(decision.events());
        return decision;
    }

    private static ObjectNode withBgp() {
        return Json.parse("{'name': 'bgp', 'bgp': {'enabled': true, 'localAsn': 65001}, 'tunnels': ["
                + "{'customerGatewayId': 'cgw-a', 'bgp': {'tunnelCidr': '169.254.10.0/30', 'localBgpIp': '169.254.10.1'}},"
                + "{'customerGatewayId': 'cgw-b', 'bgp': {'tunnelCidr': '169.254.11.0/30', 'localBgpIp': '169.254.11.1'}}]}");
    }

    private static List<String> codes(Runnable action) {
        try {
            action.run();
        } catch (InvalidRequest e) {
            return e.violations().stream().map(v -> v.code() + "@" + v.field()).toList();
        }
        throw new AssertionError("expected the request to be refused");
    }

    @Test
    void createGeneratesMissingKeysAndKeepsGivenOnesOutOfTheEvent() {
        // REQ-TUN-002: omitted -> 16 random characters; never in an event
        ObjectNode body = Json.dual();
        ((ObjectNode) body.get("tunnels").get(0)).put("preSharedKey", "fddsFF123abc");
        IpsecConnection.Decision decision = created(body);
        assertThat(decision.events()).singleElement().isInstanceOf(IpsecConnectionEvent.Created.class);
        IpsecConnectionState state = decision.events().getFirst().connection();
        assertThat(decision.newKeys()).containsOnlyKeys(state.tunnels().get(0).id(), state.tunnels().get(1).id());
        assertThat(decision.newKeys().get(state.tunnels().get(0).id()).reveal()).isEqualTo("fddsFF123abc");
        String generated = decision.newKeys().get(state.tunnels().get(1).id()).reveal();
        assertThat(generated).hasSize(16);
        String eventJson = Json.write(decision.events());
        assertThat(eventJson).doesNotContain("fddsFF123abc").doesNotContain(generated)
                .doesNotContainIgnoringCase("\"preSharedKey\":");
        assertThat(state.tunnels()).extracting(IpsecConnectionState.Tunnel::preSharedKeyVersion).containsOnly(1);
    }

    @Test
    void createdStateCarriesWhatOtherServicesNeed() {
        IpsecConnectionState state = created(Json.dual()).events().getFirst().connection();
        assertThat(state.id()).isEqualTo("vco-1");
        assertThat(state.accountId()).isEqualTo(OWNER);
        assertThat(state.tunnelMode()).isEqualTo("dual");
        IpsecConnectionState.Tunnel tunnel = state.tunnels().getFirst();
        assertThat(tunnel.customerGatewayIp()).isEqualTo("203.0.113.10");
        assertThat(tunnel.customerGatewayAsn()).contains(65530L);
        assertThat(tunnel.ike()).isEqualTo(new IpsecConnectionState.Ike("ikev2", "main", "aes", "sha1", "group2",
                86_400, java.util.Optional.empty(), java.util.Optional.empty()));
        assertThat(tunnel.dpd()).isEqualTo(new IpsecConnectionState.Dpd(true, "restart", 10, 130));
        assertThat(tunnel.id()).isNotEqualTo(state.tunnels().get(1).id());
    }

    @Test
    void clientsCannotChooseTunnelIds() {
        ObjectNode body = Json.parse("{'tunnels': [{'id': 'mine', 'customerGatewayId': 'cgw-a'},"
                + " {'id': 'mine', 'customerGatewayId': 'cgw-b'}]}");
        assertThat(created(body).events().getFirst().connection().tunnels())
                .extracting(IpsecConnectionState.Tunnel::id).doesNotContain("mine");
    }

    @Test
    void unknownCustomerGatewayIsRefused() {
        // REQ-TUN-001
        ObjectNode body = Json.parse("{'tunnels': [{'customerGatewayId': 'cgw-a'}, {'customerGatewayId': 'cgw-x'}]}");
        assertThat(codes(() -> created(body)))
                .containsExactly("InvalidParameter.CustomerGatewayId@tunnels[1].customerGatewayId");
    }

    @Test
    void bgpNeedsCustomerGatewaysWithAnAsn() {
        // REQ-CGW-004
        ObjectNode body = withBgp();
        ((ObjectNode) body.get("tunnels").get(1)).put("customerGatewayId", "cgw-plain");
        assertThat(codes(() -> created(body)))
                .containsExactly("OperationDenied.CustomerGatewayWithoutAsn@tunnels[1].customerGatewayId");
        assertThat(created(withBgp()).events().getFirst().connection().bgp())
                .isEqualTo(new IpsecConnectionState.Bgp(true, 65001));
    }

    @Test
    void unknownVpnGatewayIsRefused() {
        ObjectNode body = Json.dual();
        body.set("attachment", Json.parse("{'type': 'vpn-gateway', 'vpnGatewayId': 'vpngw-x'}"));
        assertThat(codes(() -> created(body))).containsExactly("InvalidParameter.VpnGatewayId@attachment.vpnGatewayId");
    }

    @Test
    void mergePatchChangesConnectionSettings() {
        created(Json.dual());
        IpsecConnection.Decision decision = record(connection().update(Json.parse("{'name': 'renamed',"
                + " 'routingMode': 'policy', 'localCidrs': ['192.168.0.0/24'], 'remoteCidrs': ['10.0.0.0/16'],"
                + " 'tags': {'env': 'prod'}}"), REFS));
        IpsecConnectionEvent.Updated updated = (IpsecConnectionEvent.Updated) decision.events().getFirst();
        assertThat(updated.changed()).containsExactlyInAnyOrder("name", "tags", "routingMode", "localCidrs",
                "remoteCidrs");
        assertThat(updated.connection().routingMode()).isEqualTo("policy");
        // JSON Merge Patch: null removes a tag, an unchanged patch emits nothing
        record(connection().update(Json.parse("{'tags': {'env': null}}"), REFS));
        assertThat(connection().state().tags()).isEmpty();
        assertThat(connection().update(Json.parse("{'name': 'renamed'}"), REFS).events()).isEmpty();
    }

    @Test
    void gatewayTypeAndTunnelModeNeverChange() {
        // REQ-CONN-003, REQ-MOD-002
        created(Json.dual());
        assertThat(codes(() -> connection().update(Json.parse("{'gatewayType': 'private', 'tunnelMode': 'single'}"),
                REFS))).contains("OperationDenied.GatewayTypeImmutable@gatewayType",
                        "OperationDenied.TunnelModeImmutable@tunnelMode");
    }

    @Test
    void tunnelsAttachmentAndBgpSwitchHaveTheirOwnEndpoints() {
        created(Json.dual());
        assertThat(codes(() -> connection().update(Json.parse("{'tunnels': [], 'attachment': {'type': 'none'},"
                + " 'bgp': {'enabled': true}}"), REFS))).contains("InvalidParameter.Tunnels@tunnels",
                        "InvalidParameter.Attachment@attachment", "InvalidParameter.EnableBgp@bgp.enabled");
    }

    @Test
    void changingOneTunnelLeavesTheOtherAlone() {
        // REQ-MOD-003
        IpsecConnectionState before = created(Json.dual()).events().getFirst().connection();
        String second = before.tunnels().get(1).id();
        IpsecConnection.Decision decision = record(connection().changeTunnel(second,
                Json.parse("{'ike': {'encryption': 'aes256', 'integrity': 'sha256'}, 'healthCheck': {'enabled': true,"
                        + " 'destinationIp': '192.168.0.1', 'sourceIp': '10.0.0.1'}}"), REFS, TRANSIT));
        IpsecConnectionEvent.TunnelChanged changed = (IpsecConnectionEvent.TunnelChanged) decision.events().getFirst();
        assertThat(changed.tunnelId()).isEqualTo(second);
        assertThat(changed.changed()).containsExactly("ike", "healthCheck");
        assertThat(changed.connection().tunnels().get(0)).isEqualTo(before.tunnels().get(0));
        assertThat(changed.connection().tunnels().get(1).ike().encryption()).isEqualTo("aes256");
        assertThat(decision.newKeys()).isEmpty();
    }

    @Test
    void aTunnelCanMoveToAnotherCustomerGatewayWhileAttached() {
        // REQ-MOD-001: customer gateway, PSK and crypto stay changeable on a TR-attached connection
        created(Json.dual());
        record(connection().attach(OWNER, Json.parse("{'type': 'transit-router', 'cenInstanceId': 'cen-1',"
                + " 'transitRouterId': 'tr-1'}"), REFS));
        String first = connection().state().tunnels().getFirst().id();
        IpsecConnection.Decision decision = record(connection().changeTunnel(first,
                Json.parse("{'customerGatewayId': 'cgw-plain', 'preSharedKey': 'n3wKey!', 'ipsec': {'dhGroup': 'group14'}}"),
                REFS, TRANSIT));
        IpsecConnectionEvent.TunnelChanged changed = (IpsecConnectionEvent.TunnelChanged) decision.events().getFirst();
        assertThat(changed.changed()).containsExactly("customerGatewayId", "preSharedKey", "ipsec");
        assertThat(changed.connection().tunnels().getFirst().customerGatewayIp()).isEqualTo("203.0.113.30");
        assertThat(changed.connection().tunnels().getFirst().preSharedKeyVersion()).isEqualTo(2);
        assertThat(decision.newKeys().get(first).reveal()).isEqualTo("n3wKey!");
        assertThat(Json.write(decision.events())).doesNotContain("n3wKey!");
        // REQ-MOD-001: routing mode too
        assertThat(record(connection().update(Json.parse("{'routingMode': 'policy', 'localCidrs': ['10.1.0.0/16'],"
                + " 'remoteCidrs': ['192.168.0.0/16']}"), REFS)).events()).hasSize(1);
    }

    @Test
    void nullKeyAsksForANewGeneratedOne() {
        // REQ-TUN-002
        IpsecConnectionState state = created(Json.dual()).events().getFirst().connection();
        String id = state.tunnels().getFirst().id();
        IpsecConnection.Decision decision = connection().changeTunnel(id, Json.parse("{'preSharedKey': null}"), REFS, TRANSIT);
        assertThat(decision.newKeys().get(id).reveal()).hasSize(16);
        assertThat(decision.events().getFirst().connection().tunnels().getFirst().preSharedKeyVersion()).isEqualTo(2);
    }

    @Test
    void everyEventCarriesEachKeySealedForTunnelServiceBoundToItsVersion() {
        // REQ-TUN-002, docs/architecture.md "Secrets": sealed once when the key is set, carried by later events as is
        IpsecConnection.Decision creation = created(Json.dual());
        IpsecConnectionState state = creation.events().getFirst().connection();
        for (IpsecConnectionState.Tunnel tunnel : state.tunnels()) {
            String sealed = tunnel.transitSealedPreSharedKey().orElseThrow();
            assertThat(opened(tunnel.id(), 1, sealed)).isEqualTo(creation.newKeys().get(tunnel.id()).reveal());
        }
        String second = state.tunnels().get(1).id();

        IpsecConnectionState renamed = record(connection().update(Json.parse("{'name': 'renamed'}"), REFS))
                .events().getFirst().connection();
        assertThat(renamed.tunnels()).extracting(IpsecConnectionState.Tunnel::transitSealedPreSharedKey)
                .isEqualTo(state.tunnels().stream().map(IpsecConnectionState.Tunnel::transitSealedPreSharedKey).toList());

        IpsecConnection.Decision rotated = record(connection().changeTunnel(second,
                Json.parse("{'preSharedKey': 'Rotated-42'}"), REFS, TRANSIT));
        IpsecConnectionState after = rotated.events().getFirst().connection();
        assertThat(opened(second, 2, after.tunnels().get(1).transitSealedPreSharedKey().orElseThrow()))
                .isEqualTo("Rotated-42");
        assertThat(after.tunnels().get(0).transitSealedPreSharedKey())
                .isEqualTo(state.tunnels().get(0).transitSealedPreSharedKey());
        assertThat(Json.write(rotated.events())).doesNotContain("Rotated-42");
        assertThatThrownBy(() -> opened(second, 1, after.tunnels().get(1).transitSealedPreSharedKey().orElseThrow()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String opened(String tunnelId, int keyVersion, String sealed) {
        return new String(TRANSIT.open(tunnelId, keyVersion, sealed), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aDefaultDpdTimeoutFollowsTheIkeVersion() {
        // REQ-TUN-006: 130 s with IKEv2 becomes 30 s with IKEv1; a chosen timeout stays
        IpsecConnectionState state = created(Json.dual()).events().getFirst().connection();
        String first = state.tunnels().get(0).id();
        String second = state.tunnels().get(1).id();
        record(connection().changeTunnel(first, Json.parse("{'ike': {'version': 'ikev1'}}"), REFS, TRANSIT));
        assertThat(connection().state().tunnels().get(0).dpd().timeoutSeconds()).isEqualTo(30);
        record(connection().changeTunnel(second, Json.parse("{'dpd': {'timeoutSeconds': 60}}"), REFS, TRANSIT));
        record(connection().changeTunnel(second, Json.parse("{'ike': {'version': 'ikev1'}}"), REFS, TRANSIT));
        assertThat(connection().state().tunnels().get(1).dpd().timeoutSeconds()).isEqualTo(60);
    }

    @Test
    void tunnelPatchesAreValidatedWithTheWholeConnection() {
        // REQ-TUN-009 across tunnels, paths of the real tunnel index
        created(withBgp());
        String second = connection().state().tunnels().get(1).id();
        assertThat(codes(() -> connection().changeTunnel(second,
                Json.parse("{'bgp': {'tunnelCidr': '169.254.10.0/30', 'localBgpIp': '169.254.10.2'}}"), REFS, TRANSIT)))
                .containsExactly("InvalidParameter.DuplicateTunnelCidr@tunnels[1].bgp.tunnelCidr");
        // REQ-TUN-010: BGP addressing cannot be removed while BGP is on
        assertThat(codes(() -> connection().changeTunnel(second, Json.parse("{'bgp': null}"), REFS, TRANSIT)))
                .containsExactly("MissingParameter.TunnelBgp@tunnels[1].bgp");
        assertThatThrownBy(() -> connection().changeTunnel("tun-x", Json.parse("{}"), REFS, TRANSIT))
                .isInstanceOf(ResourceNotFound.class);
    }

    @Test
    void bgpCanBeEnabledAfterCreationWithBothTunnelsSettingsAndDisabledAgain() {
        // REQ-TUN-010
        created(Json.dual());
        assertThat(codes(() -> connection().setBgp(Json.parse("{'enabled': true}"), REFS)))
                .containsExactly("MissingParameter.TunnelBgp@tunnels[0].bgp", "MissingParameter.TunnelBgp@tunnels[1].bgp");
        IpsecConnection.Decision enabled = record(connection().setBgp(Json.parse("{'enabled': true, 'localAsn': '1.1',"
                + " 'tunnels': [{'bgp': {'tunnelCidr': '169.254.20.0/30', 'localBgpIp': '169.254.20.1'}},"
                + " {'bgp': {'tunnelCidr': '169.254.21.0/30', 'localBgpIp': '169.254.21.1'}}]}"), REFS));
        assertThat(enabled.events()).singleElement().isInstanceOf(IpsecConnectionEvent.BgpEnabled.class);
        IpsecConnectionState state = connection().state();
        assertThat(state.bgp()).isEqualTo(new IpsecConnectionState.Bgp(true, 65_537));
        assertThat(state.tunnels().get(1).bgp()).contains(new IpsecConnectionState.TunnelBgp("169.254.21.0/30",
                "169.254.21.1"));
        assertThat(enabled.warnings()).extracting(w -> w.code()).containsExactly("NotRecommended.PublicAsn");
        assertThat(record(connection().setBgp(Json.parse("{'enabled': false}"), REFS)).events())
                .singleElement().isInstanceOf(IpsecConnectionEvent.BgpDisabled.class);
        assertThat(connection().state().bgp().enabled()).isFalse();
    }

    @Test
    void bgpCannotBeEnabledOnACustomerGatewayWithoutAsn() {
        // REQ-CGW-004, REQ-TUN-010
        created(Json.parse("{'tunnels': [{'customerGatewayId': 'cgw-plain'}, {'customerGatewayId': 'cgw-b'}]}"));
        assertThat(codes(() -> connection().setBgp(Json.parse("{'enabled': true, 'tunnels': ["
                + "{'bgp': {'tunnelCidr': '169.254.20.0/30', 'localBgpIp': '169.254.20.1'}},"
                + "{'bgp': {'tunnelCidr': '169.254.21.0/30', 'localBgpIp': '169.254.21.1'}}]}"), REFS)))
                .containsExactly("OperationDenied.CustomerGatewayWithoutAsn@tunnels[0].customerGatewayId");
    }

    @Test
    void attachAndDetachATransitRouter() {
        // REQ-CONN-002
        created(Json.dual());
        IpsecConnection.Decision attached = record(connection().attach(OWNER, Json.parse("{'type': 'transit-router',"
                + " 'cenInstanceId': 'cen-1', 'transitRouterId': 'tr-1', 'zone': 'zone-a'}"), REFS));
        assertThat(attached.events().getFirst()).isInstanceOf(IpsecConnectionEvent.Attached.class);
        assertThat(connection().state().attachment()).isEqualTo(new IpsecConnectionState.Attachment(
                "transit-router", java.util.Optional.empty(), java.util.Optional.of("cen-1"),
                java.util.Optional.of("tr-1"), java.util.Optional.of("zone-a")));
        assertThatThrownBy(() -> connection().attach(OWNER, Json.parse("{'type': 'transit-router',"
                + " 'cenInstanceId': 'cen-2', 'transitRouterId': 'tr-2'}"), REFS))
                .isInstanceOf(ConflictingState.class).hasMessageContaining("tr-1");
        IpsecConnectionEvent.Detached detached = (IpsecConnectionEvent.Detached) record(connection().detach(OWNER))
                .events().getFirst();
        assertThat(detached.previous().transitRouterId()).contains("tr-1");
        assertThat(connection().state().attachment().type()).isEqualTo("none");
        assertThatThrownBy(() -> connection().detach(OWNER)).isInstanceOf(ConflictingState.class);
    }

    @Test
    void aSingleTunnelConnectionCannotBeAttachedToATransitRouter() {
        // REQ-CONN-004
        created(Json.parse("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': 'cgw-a'}]}"));
        assertThat(codes(() -> connection().attach(OWNER, Json.parse("{'type': 'transit-router',"
                + " 'cenInstanceId': 'cen-1', 'transitRouterId': 'tr-1'}"), REFS)))
                .containsExactly("OperationDenied.SingleTunnelTransitRouter@tunnelMode");
    }

    @Test
    void deletingAnAttachedConnectionNamesTheTransitRouter() {
        // REQ-MOD-004
        created(Json.dual());
        record(connection().attach(OWNER, Json.parse("{'type': 'transit-router', 'cenInstanceId': 'cen-1',"
                + " 'transitRouterId': 'tr-1'}"), REFS));
        assertThatThrownBy(() -> connection().delete()).isInstanceOfSatisfying(ConflictingState.class, e -> {
            assertThat(e.code()).isEqualTo("IncorrectStatus.Attached");
            assertThat(e.getMessage()).contains("tr-1").contains("cen-1").contains("detach");
        });
        record(connection().detach(OWNER));
        assertThat(record(connection().delete()).events()).singleElement()
                .isInstanceOf(IpsecConnectionEvent.Deleted.class);
        assertThat(connection().exists()).isFalse();
        assertThatThrownBy(() -> connection().state()).isInstanceOf(ResourceNotFound.class);
    }

    @Test
    void grantsOnlyWhileNotAttached() {
        // REQ-MOD-005
        created(Json.dual());
        IpsecConnection.Decision granted = record(connection().addGrant(Json.parse("{'peerAccountId': 'acct-peer',"
                + " 'cenInstanceId': 'cen-peer'}")));
        assertThat(((IpsecConnectionEvent.GrantAdded) granted.events().getFirst()).grant())
                .isEqualTo(new IpsecConnectionState.Grant("acct-peer", "cen-peer", "cen-owner"));
        assertThatThrownBy(() -> connection().addGrant(Json.parse("{'peerAccountId': 'acct-peer',"
                + " 'cenInstanceId': 'cen-peer', 'payer': 'vpn-owner'}")))
                .isInstanceOfSatisfying(ConflictingState.class, e -> assertThat(e.code()).isEqualTo("Conflict.GrantExists"));
        assertThat(codes(() -> connection().addGrant(Json.parse("{'peerAccountId': 'acct-owner',"
                + " 'cenInstanceId': 'c', 'payer': 'nobody'}"))))
                .containsExactlyInAnyOrder("InvalidParameter.PeerAccountId@peerAccountId", "InvalidParameter.Payer@payer");
        record(connection().attach(OWNER, Json.parse("{'type': 'transit-router', 'cenInstanceId': 'cen-1',"
                + " 'transitRouterId': 'tr-1'}"), REFS));
        assertThatThrownBy(() -> connection().addGrant(Json.parse("{'peerAccountId': 'acct-other',"
                + " 'cenInstanceId': 'cen-other'}"))).isInstanceOf(ConflictingState.class);
        assertThatThrownBy(() -> connection().revokeGrant("acct-peer", "cen-peer"))
                .isInstanceOf(ConflictingState.class).hasMessageContaining("detach");
        record(connection().detach(OWNER));
        assertThat(record(connection().revokeGrant("acct-peer", "cen-peer")).events()).singleElement()
                .isInstanceOf(IpsecConnectionEvent.GrantRevoked.class);
        assertThatThrownBy(() -> connection().revokeGrant("acct-peer", "cen-peer"))
                .isInstanceOf(ResourceNotFound.class);
    }

    @Test
    void anotherAccountAttachesOnlyWithAGrantForItsCenInstance() {
        // REQ-MOD-005
        created(Json.dual());
        ObjectNode peerAttach = Json.parse("{'type': 'transit-router', 'cenInstanceId': 'cen-peer',"
                + " 'transitRouterId': 'tr-peer'}");
        assertThatThrownBy(() -> connection().attach("acct-peer", peerAttach, REFS))
                .isInstanceOf(ResourceNotFound.class);
        record(connection().addGrant(Json.parse("{'peerAccountId': 'acct-peer', 'cenInstanceId': 'cen-peer',"
                + " 'payer': 'vpn-owner'}")));
        assertThat(codes(() -> connection().attach("acct-peer", Json.parse("{'type': 'transit-router',"
                + " 'cenInstanceId': 'cen-else', 'transitRouterId': 'tr-peer'}"), REFS)))
                .containsExactly("Forbidden.NoGrant@attachment.cenInstanceId");
        assertThat(record(connection().attach("acct-peer", peerAttach, REFS)).events()).hasSize(1);
        assertThat(record(connection().detach("acct-peer")).events()).hasSize(1);
    }

    @Test
    void replayRebuildsTheSameState() {
        created(withBgp());
        record(connection().update(Json.parse("{'name': 'x'}"), REFS));
        IpsecConnectionState last = history.getLast().connection();
        assertThat(connection().state()).isEqualTo(last);
        assertThat(IpsecConnection.spec(last).name()).isEqualTo("x");
    }

    @Test
    void violationsCarryHumanDetail() {
        InvalidRequest e = (InvalidRequest) org.assertj.core.api.Assertions.catchThrowable(
                () -> created(Json.parse("{'tunnels': [{'customerGatewayId': 'cgw-a'}]}")));
        assertThat(e.violations()).extracting(Violation::detail).containsExactly(
                "a dual-tunnel connection has exactly 2 tunnel(s), not 1");
    }

    @Test
    void theNeutronAttributesFollowNativeChangesOnlyWhileTheyStillDescribeTheConnection() {
        ObjectNode body = Json.parse("{'tunnelMode': 'single', 'routingMode': 'policy', 'localCidrs': ['10.0.0.0/24'],"
                + " 'remoteCidrs': ['192.168.0.0/24'], 'attachment': {'type': 'vpn-gateway', 'vpnGatewayId': 'vpngw-1'},"
                + " 'tunnels': [{'customerGatewayId': 'cgw-a', 'ike': {'version': 'ikev1'}}]}");
        var neutron = new IpsecConnectionState.Neutron("d", java.util.Optional.of("ike-1"),
                java.util.Optional.of("esp-1"), java.util.Optional.of("local-1"), java.util.Optional.of("peer-1"));
        history.addAll(IpsecConnection.create("vco-1", OWNER, body, REFS, () -> "tun-1", TRANSIT,
                java.util.Optional.of(neutron)).events());
        // a rename and a new remote identity take nothing from a policy or an endpoint group
        record(connection().update(Json.parse("{'name': 'renamed'}"), REFS));
        record(connection().changeTunnel("tun-1", Json.parse("{'ike': {'remoteId': 'peer.example.com'}}"), REFS,
                TRANSIT));
        assertThat(connection().state().neutron()).contains(neutron);
        // a native IPsec change ends the link to the IPsec policy only, new CIDRs the endpoint groups'
        record(connection().changeTunnel("tun-1", Json.parse("{'ipsec': {'encryption': 'aes256'}}"), REFS, TRANSIT));
        record(connection().update(Json.parse("{'remoteCidrs': ['192.168.1.0/24']}"), REFS));
        assertThat(connection().state().neutron()).contains(new IpsecConnectionState.Neutron("d",
                java.util.Optional.of("ike-1"), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty()));
        // and the initiator stays what the connection said
        assertThat(connection().state().initiator()).contains("bi-directional");
    }
}
