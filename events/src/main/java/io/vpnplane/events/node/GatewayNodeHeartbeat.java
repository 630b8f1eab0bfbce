package io.vpnplane.events.node;

import java.time.Instant;
import java.util.List;

import io.vpnplane.events.EventType;

/**
 * A gateway agent in managed mode announces itself, every few seconds. tunnel-service keeps its node registry from
 * these and marks a node down when they stop for longer than its grace period; the agent's own clock
 * ({@code sentAt}) is informational, the registry times heartbeats by its own clock.
 *
 * @param nodeId           stable id of the node, e.g. {@code gw-a-1}
 * @param zone             the availability zone the node runs in, e.g. {@code zone-a}
 * @param gatewayAddresses the public IPv4 addresses this node can serve as tunnel gateway IPs. Nodes of one zone
 *                         usually announce the same floating pool, so a tunnel keeps its gateway IP when it moves
 *                         to another node of the zone
 * @param capacity         how many tunnels the node accepts
 * @param softwareVersion  the agent's version, e.g. {@code 0.1.0}
 * @param publicKey        the node's X25519 public key (32 bytes, standard base64): secrets in its tunnels' desired
 *                         configuration are sealed to it (HPKE, RFC 9180, see {@code io.vpnplane.events.agentconfig.SealedSecret})
 * @param sentAt           the agent's clock when it sent this heartbeat
 */
@EventType(value = "io.vpnplane.gateway-node.heartbeat", version = 1)
public record GatewayNodeHeartbeat(
        String nodeId,
        String zone,
        List<String> gatewayAddresses,
        int capacity,
        String softwareVersion,
        String publicKey,
        Instant sentAt) implements GatewayNodeEvent {
}
