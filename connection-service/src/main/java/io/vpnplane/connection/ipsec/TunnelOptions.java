package io.vpnplane.connection.ipsec;

import java.util.Optional;

/**
 * Everything configurable about one tunnel except its pre-shared key, which lives only in the secrets store
 * (REQ-TUN-002).
 */
public record TunnelOptions(
        String id,
        String customerGatewayId,
        IkeSettings ike,
        IpsecSettings ipsec,
        DeadPeerDetection dpd,
        boolean natTraversal,
        Optional<TunnelBgp> bgp,
        HealthCheck healthCheck) {
}
