/**
 * The desired agent configuration, written by tunnel-service to {@code vpn.agent-config} (compacted, key = tunnel id):
 * {@link io.vpnplane.events.agentconfig.TunnelConfigDesired} with the pre-shared key sealed to the node
 * ({@link io.vpnplane.events.agentconfig.SealedSecret}), and a tombstone
 * ({@link io.vpnplane.events.agentconfig.TunnelConfigWithdrawn}) when a tunnel goes away. JSON Schemas: {@code docs/events/}.
 */
package io.vpnplane.events.agentconfig;
