package io.vpnplane.agent.managed;

import java.util.List;
import java.util.Optional;

import io.vpnplane.events.agentconfig.SealedSecret;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;

/** Desired tunnel configurations as tunnel-service writes them, for tests. */
final class DesiredConfigs {

    private DesiredConfigs() {
    }

    static TunnelConfigDesired desired(String tunnelId, String nodeId, long version) {
        return desired(tunnelId, nodeId, version, new SealedSecret(SealedSecret.SUITE, "pk", "enc", "ct"));
    }

    static TunnelConfigDesired desired(String tunnelId, String nodeId, long version, SealedSecret psk) {
        return new TunnelConfigDesired(tunnelId, "conn-1", "acc-1", version, nodeId, "zone-a", "203.0.113.10", "198.51.100.7",
                "start",
                new TunnelConfigDesired.Ike("ikev2", "main", "aes256", "sha256", "group14", 28800, "203.0.113.10", "198.51.100.7"),
                new TunnelConfigDesired.Ipsec("aes256", "sha256", "group14", 3600),
                new TunnelConfigDesired.Dpd(true, "restart", 10, 30), true,
                new TunnelConfigDesired.TrafficSelectors(List.of("10.0.0.0/16"), List.of("192.168.0.0/24")), Optional.empty(),
                new TunnelConfigDesired.HealthCheck(false, Optional.empty(), Optional.empty(), 10, 3, false), psk);
    }
}
