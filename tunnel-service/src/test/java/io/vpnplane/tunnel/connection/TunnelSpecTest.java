package io.vpnplane.tunnel.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.vpnplane.events.EventJson;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;

class TunnelSpecTest {

    private static IpsecConnectionState.Tunnel tunnel(String id, int pskVersion, int dpdTimeout) {
        return tunnel(id, pskVersion, dpdTimeout, Optional.empty());
    }

    private static IpsecConnectionState.Tunnel tunnel(String id, int pskVersion, int dpdTimeout, Optional<String> transitSealed) {
        return new IpsecConnectionState.Tunnel(id, "cgw-1", "192.0.2.10", Optional.empty(), pskVersion,
                new IpsecConnectionState.Ike("ikev2", "main", "aes", "sha1", "group2", 86400, Optional.empty(), Optional.empty()),
                new IpsecConnectionState.Ipsec("aes", "sha1", "group2", 86400), new IpsecConnectionState.Dpd(true, "restart", 10, dpdTimeout),
                true, Optional.empty(), new IpsecConnectionState.HealthCheck(false, Optional.empty(), Optional.empty(), 3, 3, true),
                transitSealed);
    }

    private static IpsecConnectionState connection(String attachment, String name, IpsecConnectionState.Tunnel... tunnels) {
        return new IpsecConnectionState("vco-1", "acct-1", name, Optional.empty(), Map.of(),
                new IpsecConnectionState.Attachment(attachment, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                "public", "dual", "destination", List.of(), List.of(), true, new IpsecConnectionState.Bgp(false, 45104),
                new IpsecConnectionState.Advanced(true, true, true), List.of(tunnels), List.of());
    }

    @Test
    void oneSpecPerTunnelWithItsSiblingAndItsTransitSealedKey() {
        List<TunnelSpec> specs = TunnelSpec.of(connection("transit-router", "c", tunnel("t1", 1, 130, Optional.of("v1.abc")),
                tunnel("t2", 1, 130)));
        assertThat(specs).extracting(TunnelSpec::tunnelId).containsExactly("t1", "t2");
        assertThat(specs.get(0).siblingTunnelIds()).containsExactly("t2");
        assertThat(specs.get(0).transitSealedPreSharedKey()).contains("v1.abc");
        assertThat(specs.get(1).transitSealedPreSharedKey()).isEmpty();
        assertThat(specs.get(0).attached()).isTrue();
        // REQ-TUN-012: no gateway IP before the connection is attached
        assertThat(TunnelSpec.of(connection("none", "c", tunnel("t1", 1, 130))).getFirst().attached()).isFalse();
    }

    @Test
    void aChangeToOneTunnelLeavesTheOtherTunnelsSpecEqual() {
        // REQ-MOD-003: only the changed tunnel gets a new configuration; a rename changes none
        List<TunnelSpec> before = TunnelSpec.of(connection("transit-router", "c", tunnel("t1", 1, 130), tunnel("t2", 1, 130)));
        List<TunnelSpec> after = TunnelSpec.of(connection("transit-router", "renamed", tunnel("t1", 1, 30), tunnel("t2", 1, 130)));
        assertThat(after.get(0).sameSettingsAs(before.get(0))).isFalse();
        assertThat(after.get(1).sameSettingsAs(before.get(1))).isTrue();
    }

    @Test
    void aFreshTransitCiphertextIsNoChangeButANewKeyVersionIs() {
        TunnelSpec v1 = TunnelSpec.of(connection("transit-router", "c", tunnel("t1", 1, 130, Optional.of("v1.aaa")))).getFirst();
        TunnelSpec resealed = TunnelSpec.of(connection("transit-router", "c", tunnel("t1", 1, 130, Optional.of("v1.bbb")))).getFirst();
        TunnelSpec v2 = TunnelSpec.of(connection("transit-router", "c", tunnel("t1", 2, 130, Optional.of("v1.ccc")))).getFirst();
        TunnelSpec unsealed = TunnelSpec.of(connection("transit-router", "c", tunnel("t1", 1, 130))).getFirst();
        assertThat(resealed.sameSettingsAs(v1)).isTrue();
        assertThat(v2.sameSettingsAs(v1)).isFalse();
        // a key arriving for a tunnel that waited without one is a change: the tunnel can now be configured
        assertThat(v1.sameSettingsAs(unsealed)).isFalse();
    }

    @Test
    void theTransitSealedKeyIsReadFromTheConnectionEvent() throws Exception {
        // docs/architecture.md "Secrets": connection.tunnels[].transitSealedPreSharedKey, a component of the record
        var json = EventJson.mapper().valueToTree(new IpsecConnectionEvent.Created(connection("none", "c",
                tunnel("t1", 1, 130), tunnel("t2", 1, 130, Optional.of("v1.zzz")))));
        assertThat(json.path("connection").path("tunnels").get(1).path("transitSealedPreSharedKey").asText()).isEqualTo("v1.zzz");
        assertThat(json.path("connection").path("tunnels").get(0).has("transitSealedPreSharedKey")).isFalse();
        IpsecConnectionEvent read = EventJson.mapper().treeToValue(json, IpsecConnectionEvent.Created.class);
        assertThat(TunnelSpec.of(read.connection())).extracting(TunnelSpec::transitSealedPreSharedKey)
                .containsExactly(Optional.empty(), Optional.of("v1.zzz"));
    }

    @Test
    void aResponseOnlyConnectionMakesResponseOnlySpecsAndSpecsStoredBeforeTheFieldAreBidirectional() throws Exception {
        // REQ-B-004
        IpsecConnectionState c = connection("vpn-gateway", "c", tunnel("t1", 1, 130));
        IpsecConnectionState responseOnly = new IpsecConnectionState(c.id(), c.accountId(), c.name(), c.resourceGroupId(),
                c.tags(), c.attachment(), c.gatewayType(), c.tunnelMode(), c.routingMode(), c.localCidrs(), c.remoteCidrs(),
                c.effectImmediately(), c.bgp(), c.advanced(), c.tunnels(), c.grants(), Optional.of("response-only"),
                Optional.empty());
        TunnelSpec spec = TunnelSpec.of(responseOnly).getFirst();
        assertThat(spec.responseOnly()).isTrue();
        assertThat(TunnelSpec.of(c).getFirst().responseOnly()).isFalse();
        assertThat(spec.sameSettingsAs(TunnelSpec.of(c).getFirst())).isFalse();
        var stored = (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.mapper().readTree(TunnelSpecs.json(spec));
        stored.remove("responseOnly");
        assertThat(EventJson.mapper().treeToValue(stored, TunnelSpec.class).responseOnly()).isFalse();
    }

    @Test
    void roundTripsThroughTheStoredJson() throws Exception {
        TunnelSpec spec = TunnelSpec.of(connection("transit-router", "c", tunnel("t1", 1, 130, Optional.of("v1.a")))).getFirst();
        assertThat(EventJson.mapper().readValue(TunnelSpecs.json(spec), TunnelSpec.class)).isEqualTo(spec);
    }
}
