package io.vpnplane.events.agentstatus;

import java.time.Instant;

import io.vpnplane.events.EventType;

/**
 * A tunnel's counters since its agent started running it, published at a modest rate (every minute) for
 * subscribers and dashboards (REQ-GW-002); they change no status. Packets are inner (decrypted / to be encrypted)
 * packets of the data plane; a node without a data plane reports zeros for them.
 *
 * @param packetsIn      packets received through the tunnel and delivered
 * @param packetsOut     packets sent through the tunnel
 * @param packetsDropped packets dropped: no SA yet, or outside the negotiated traffic selectors
 * @param ikeSaRekeys    IKE SA rekeys
 * @param childSaRekeys  CHILD_SA rekeys
 * @param retransmits    IKE retransmissions (a growing number hints at loss towards the peer)
 */
@EventType(value = "io.vpnplane.agent-status.tunnel-counters", version = 1)
public record TunnelCountersObserved(String tunnelId, String nodeId, long packetsIn, long packetsOut, long packetsDropped,
                                     long ikeSaRekeys, long childSaRekeys, long retransmits, Instant observedAt)
        implements AgentStatusEvent {
}
