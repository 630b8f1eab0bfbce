package io.vpnplane.agent.managed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an agent in managed mode announces itself and where it finds its desired configuration.
 *
 * @param nodeId            stable node id, also the Kafka key of its heartbeats
 * @param zone              availability zone
 * @param bootstrapServers  Kafka bootstrap servers
 * @param gatewayAddresses  the public IPv4 addresses this node can serve tunnels on
 * @param capacity          how many tunnels the node accepts
 * @param stateDir          where the node's X25519 key pair is kept across restarts
 * @param heartbeatInterval how often to announce (well inside tunnel-service's grace period, 15 s by default)
 * @param tunName           the TUN device of the data plane; empty: negotiation only (no root, or a test)
 */
public record ManagedConfig(String nodeId, String zone, String bootstrapServers, List<String> gatewayAddresses, int capacity,
                            Path stateDir, Duration heartbeatInterval, Optional<String> tunName) {

    /** Negotiation only, no data plane. */
    public ManagedConfig(String nodeId, String zone, String bootstrapServers, List<String> gatewayAddresses, int capacity,
                         Path stateDir, Duration heartbeatInterval) {
        this(nodeId, zone, bootstrapServers, gatewayAddresses, capacity, stateDir, heartbeatInterval, Optional.empty());
    }

    public ManagedConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(tunName, "tunName");
        gatewayAddresses = List.copyOf(gatewayAddresses);
        if (nodeId.isBlank() || zone.isBlank() || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("nodeId, zone and bootstrapServers are required in managed mode");
        }
        if (gatewayAddresses.isEmpty()) {
            throw new IllegalArgumentException("a managed node announces at least one gateway address");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive");
        }
    }
}
