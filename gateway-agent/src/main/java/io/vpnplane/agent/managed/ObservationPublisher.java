package io.vpnplane.agent.managed;

import java.time.Clock;
import java.util.Optional;

import org.apache.kafka.clients.producer.Producer;

import io.vpnplane.events.agentstatus.AgentStatusEvent;
import io.vpnplane.events.agentstatus.ChildSaEstablished;
import io.vpnplane.events.agentstatus.ChildSaFailed;
import io.vpnplane.events.agentstatus.DpdPeerDead;
import io.vpnplane.events.agentstatus.HealthCheckFailed;
import io.vpnplane.events.agentstatus.HealthCheckRecovered;
import io.vpnplane.events.agentstatus.IkeSaEstablished;
import io.vpnplane.events.agentstatus.IkeSaFailed;
import io.vpnplane.events.agentstatus.TunnelConfigApplied;
import io.vpnplane.events.agentstatus.TunnelCountersObserved;
import io.vpnplane.events.agentstatus.TunnelTornDown;

/**
 * What this node observes on its tunnels, on {@code vpn.agent-status} (key and {@code ce_subject} = tunnel id, with
 * the tunnel's account), in the form tunnel-service turns into tunnel status (REQ-GW-002, REQ-TUN-012). Stamped with
 * the agent's clock: tunnel-service orders a tunnel's observations by {@code observedAt}.
 */
public final class ObservationPublisher {

    private final String nodeId;
    private final EventSender sender;
    private final Clock clock;

    public ObservationPublisher(String nodeId, Producer<String, byte[]> producer, Clock clock) {
        this.nodeId = nodeId;
        this.sender = new EventSender(producer);
        this.clock = clock;
    }

    public void configApplied(String accountId, String tunnelId, long configVersion) {
        send(accountId, new TunnelConfigApplied(tunnelId, nodeId, configVersion, clock.instant()));
    }

    public void ikeSaEstablished(String accountId, String tunnelId) {
        send(accountId, new IkeSaEstablished(tunnelId, nodeId, clock.instant()));
    }

    public void ikeSaFailed(String accountId, String tunnelId, String reason) {
        send(accountId, new IkeSaFailed(tunnelId, nodeId, reason, clock.instant()));
    }

    public void childSaEstablished(String accountId, String tunnelId) {
        send(accountId, new ChildSaEstablished(tunnelId, nodeId, clock.instant()));
    }

    public void childSaFailed(String accountId, String tunnelId, String reason) {
        send(accountId, new ChildSaFailed(tunnelId, nodeId, reason, clock.instant()));
    }

    /** REQ-TUN-006: the peer stopped answering within the DPD timeout. */
    public void dpdPeerDead(String accountId, String tunnelId) {
        send(accountId, new DpdPeerDead(tunnelId, nodeId, clock.instant()));
    }

    /** REQ-TUN-011: the health check's destination stopped answering; switchRoute tells routing whether to move traffic. */
    public void healthCheckFailed(String accountId, String tunnelId, String destinationIp, boolean switchRoute) {
        send(accountId, new HealthCheckFailed(tunnelId, nodeId, destinationIp, switchRoute, clock.instant()));
    }

    public void healthCheckRecovered(String accountId, String tunnelId, String destinationIp, boolean switchRoute) {
        send(accountId, new HealthCheckRecovered(tunnelId, nodeId, destinationIp, switchRoute, clock.instant()));
    }

    private <E extends Record & AgentStatusEvent> void send(String accountId, E observation) {
        sender.send(observation, observation.tunnelId(), observation.observedAt(), Optional.of(accountId));
    }

    public void counters(String accountId, String tunnelId, PacketCounters packets, long ikeSaRekeys, long childSaRekeys,
                         long retransmits) {
        send(accountId, new TunnelCountersObserved(tunnelId, nodeId, packets.in(), packets.out(), packets.dropped(), ikeSaRekeys,
                childSaRekeys, retransmits, clock.instant()));
    }

    public void tunnelTornDown(String accountId, String tunnelId) {
        send(accountId, new TunnelTornDown(tunnelId, nodeId, clock.instant()));
    }
}
