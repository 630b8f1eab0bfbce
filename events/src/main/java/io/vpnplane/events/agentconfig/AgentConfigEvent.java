package io.vpnplane.events.agentconfig;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * The desired configuration of each tunnel for the gateway agents, topic {@code vpn.agent-config} (compacted), Kafka
 * key and {@code ce_subject} = the tunnel id, so the latest record per tunnel is the whole truth: an agent that
 * (re)starts reads the topic from the beginning and keeps the tunnels whose {@code nodeId} is its own.
 */
@EventTopic(Topics.AGENT_CONFIG)
public sealed interface AgentConfigEvent permits TunnelConfigDesired, TunnelConfigWithdrawn {

    String tunnelId();
}
