package io.vpnplane.tunnel.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vpnplane.events.node.GatewayNodeHeartbeat;
import io.vpnplane.tunnel.secret.NodeKeyPair;

class GatewayNodeRegistryTest {

    private static final String KEY = NodeKeyPair.generate().publicKey();

    private static GatewayNodeHeartbeat heartbeat(String zone, int capacity, String key, String... addresses) {
        return new GatewayNodeHeartbeat("gw-1", zone, List.of(addresses), capacity, "0.1.0", key, Instant.now());
    }

    @Test
    void acceptsAUsableHeartbeat() {
        assertThat(GatewayNodeRegistry.problem(heartbeat("zone-a", 10, KEY, "203.0.113.1", "203.0.113.255"))).isEmpty();
    }

    @Test
    void refusesHeartbeatsThatCouldNotServeTunnels() {
        assertThat(GatewayNodeRegistry.problem(heartbeat(" ", 10, KEY, "203.0.113.1"))).contains("no zone");
        assertThat(GatewayNodeRegistry.problem(heartbeat("zone-a", -1, KEY, "203.0.113.1"))).contains("negative capacity");
        assertThat(GatewayNodeRegistry.problem(heartbeat("zone-a", 10, "AAAA", "203.0.113.1"))).contains("public key is not a base64 X25519 key");
        assertThat(GatewayNodeRegistry.problem(heartbeat("zone-a", 10, KEY, "203.0.113.256"))).contains("gateway address is not IPv4: 203.0.113.256");
    }
}
