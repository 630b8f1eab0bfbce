package io.vpnplane.agent.managed;

import static io.vpnplane.agent.managed.DesiredConfigs.desired;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.standalone.InvalidConfigException;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;

class DesiredTunnelTranslationTest {

    @TempDir
    Path stateDir;

    @Test
    void aDesiredTunnelBecomesTheStandaloneTunnelWithTheOpenedPsk() throws IOException, InvalidConfigException {
        NodeKeyPair node = NodeKeyPair.loadOrCreate(stateDir);
        TunnelConfigDesired desired = desired("tun-1", "gw-a-1", 3, TestSealing.seal(node.publicKeyBase64(), "tun-1", "s3cret-psk"));

        ManagedTunnel managed = new DesiredTunnelTranslation(node).translate(desired);

        TunnelConfig tunnel = managed.tunnel();
        assertThat(managed.configVersion()).isEqualTo(3);
        assertThat(tunnel.id()).isEqualTo("tun-1");
        assertThat(tunnel.localAddress().getHostAddress()).isEqualTo("203.0.113.10");
        assertThat(tunnel.remoteAddress().getHostAddress()).isEqualTo("198.51.100.7");
        assertThat(tunnel.psk()).isEqualTo(new io.vpnplane.agent.ike.PreSharedKey("s3cret-psk"));
        assertThat(tunnel.ike().encryption()).isEqualTo(EncryptionAlgorithm.AES_256_CBC);
        assertThat(tunnel.ike().dhGroups()).containsExactly(DiffieHellmanGroup.MODP_2048);
        assertThat(tunnel.ike().lifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(tunnel.ipsec().pfsGroup()).contains(DiffieHellmanGroup.MODP_2048);
        assertThat(tunnel.dpd().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(tunnel.routingMode()).isEqualTo(TunnelConfig.RoutingMode.POLICY);
        assertThat(tunnel.localSelectors()).hasToString("[10.0.0.0/16]");
        assertThat(tunnel.startAction()).isEqualTo(TunnelConfig.StartAction.START);
        assertThat(managed.healthCheck()).isEmpty();
    }

    // REQ-CONN-005 / REQ-CONN-008: 0.0.0.0/0 both ways is destination (route-based) routing; trap waits for traffic
    @Test
    void anyToAnySelectorsAreRouteBasedAndTrapDoesNotInitiate() throws IOException, InvalidConfigException {
        NodeKeyPair node = NodeKeyPair.loadOrCreate(stateDir);
        TunnelConfigDesired base = desired("tun-2", "gw-a-1", 1, TestSealing.seal(node.publicKeyBase64(), "tun-2", "k"));
        TunnelConfigDesired desired = new TunnelConfigDesired(base.tunnelId(), base.connectionId(), base.accountId(), 1, base.nodeId(),
                base.zone(), base.gatewayIp(), base.customerGatewayIp(), "trap", base.ike(), base.ipsec(), base.dpd(), true,
                new TunnelConfigDesired.TrafficSelectors(List.of("0.0.0.0/0"), List.of("0.0.0.0/0")), Optional.empty(),
                new TunnelConfigDesired.HealthCheck(true, Optional.of("192.168.0.1"), Optional.of("10.0.0.1"), 5, 4, true),
                base.preSharedKey());

        ManagedTunnel managed = new DesiredTunnelTranslation(node).translate(desired);

        assertThat(managed.tunnel().routingMode()).isEqualTo(TunnelConfig.RoutingMode.DESTINATION);
        assertThat(managed.tunnel().startAction()).isEqualTo(TunnelConfig.StartAction.TRAP);
        assertThat(managed.healthCheck()).hasValueSatisfying(check -> {
            assertThat(check.interval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(check.retries()).isEqualTo(4);
            assertThat(check.switchRoute()).isTrue();
        });
    }

    // REQ-B-004: start action none is a response-only tunnel
    @Test
    void startActionNoneOnlyResponds() throws IOException, InvalidConfigException {
        NodeKeyPair node = NodeKeyPair.loadOrCreate(stateDir);
        TunnelConfigDesired base = desired("tun-3", "gw-a-1", 1, TestSealing.seal(node.publicKeyBase64(), "tun-3", "k"));
        TunnelConfigDesired desired = new TunnelConfigDesired(base.tunnelId(), base.connectionId(), base.accountId(), 1, base.nodeId(),
                base.zone(), base.gatewayIp(), base.customerGatewayIp(), "none", base.ike(), base.ipsec(), base.dpd(), true,
                base.trafficSelectors(), Optional.empty(), base.healthCheck(), base.preSharedKey());

        assertThat(new DesiredTunnelTranslation(node).translate(desired).tunnel().startAction())
                .isEqualTo(TunnelConfig.StartAction.RESPOND_ONLY);
    }

    @Test
    void aPskSealedForAnotherTunnelIsRefusedWithoutShowingTheKey() throws IOException {
        NodeKeyPair node = NodeKeyPair.loadOrCreate(stateDir);
        TunnelConfigDesired desired = desired("tun-1", "gw-a-1", 1, TestSealing.seal(node.publicKeyBase64(), "tun-OTHER", "s3cret-psk"));

        assertThatThrownBy(() -> new DesiredTunnelTranslation(node).translate(desired))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("s3cret-psk");
    }
}
