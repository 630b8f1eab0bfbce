package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * What a gateway agent observes on one tunnel it runs (REQ-GW-002), topic {@code vpn.agent-status}, Kafka key and
 * {@code ce_subject} = the tunnel id. tunnel-service turns these into the tunnel's status (REQ-TUN-012) and the
 * public {@code TunnelStatusChanged} / {@code HealthCheckStatusChanged} events; it ignores observations from a node
 * the tunnel is no longer placed on and observations older than the last one it applied.
 */
@EventTopic(Topics.AGENT_STATUS)
public sealed interface AgentStatusEvent permits TunnelConfigApplied, IkeSaEstablished, IkeSaFailed, ChildSaEstablished,
        ChildSaFailed, DpdPeerDead, HealthCheckFailed, HealthCheckRecovered, TunnelTornDown, TunnelCountersObserved {

    String tunnelId();

    /** The node that observed it. */
    String nodeId();

    /** The agent's clock when it observed it. */
    Instant observedAt();
}
