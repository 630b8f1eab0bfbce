package io.vpnplane.tunnel.node;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A gateway node as the registry knows it: what its last heartbeat said, when the registry received it (by the
 * registry's clock, so agent clock skew cannot keep a dead node alive), and whether it is up.
 *
 * @param publicKey the node's X25519 public key, standard base64
 */
public record GatewayNode(String nodeId, String zone, List<String> gatewayAddresses, int capacity, String softwareVersion,
                          String publicKey, Instant lastHeartbeatAt, boolean up) {

    public GatewayNode {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(zone, "zone");
        gatewayAddresses = List.copyOf(gatewayAddresses);
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(lastHeartbeatAt, "lastHeartbeatAt");
    }
}
