package io.vpnplane.events.node;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * What gateway agents say about themselves, topic {@code vpn.agent-heartbeats} (compacted), Kafka key and
 * {@code ce_subject} = the node id, no {@code ce_account} (nodes belong to the platform).
 */
@EventTopic(Topics.AGENT_HEARTBEATS)
public sealed interface GatewayNodeEvent permits GatewayNodeHeartbeat {

    String nodeId();
}
