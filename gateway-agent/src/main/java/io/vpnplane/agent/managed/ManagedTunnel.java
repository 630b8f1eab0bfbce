package io.vpnplane.agent.managed;

import java.util.Optional;

import io.vpnplane.agent.healthcheck.HealthCheckConfig;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ikev1.Ikev1Mode;

/**
 * One desired tunnel translated into what the agent runs: the engine's tunnel configuration, the IKEv1 phase-1 mode
 * when it negotiates IKEv1, its health check when enabled, the address inside the tunnel BGP runs on, the owning
 * account (for observations), the connection it belongs to (routes name connections) and the desired version it came
 * from (reported back in {@code TunnelConfigApplied}).
 */
public record ManagedTunnel(String accountId, String connectionId, long configVersion, TunnelConfig tunnel,
                            Optional<Ikev1Mode> ikev1, Optional<HealthCheckConfig> healthCheck,
                            Optional<InsideAddress> insideAddress) {

    /** The cloud side's address in the tunnel's /30 inside 169.254.0.0/16 (REQ-TUN-008), e.g. 169.254.10.1 in 169.254.10.0/30. */
    public record InsideAddress(String localIp, String tunnelCidr) {

        /** {@code ip addr} form: the address with the /30's prefix length. */
        public String withPrefixLength() {
            return localIp + tunnelCidr.substring(tunnelCidr.indexOf('/'));
        }
    }

    public String id() {
        return tunnel.id();
    }
}
