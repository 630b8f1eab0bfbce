/**
 * Gateway-node events: the heartbeats agents publish on {@code vpn.agent-heartbeats} (compacted, key = node id).
 * JSON Schemas: {@code docs/events/}.
 */
package io.vpnplane.events.node;
