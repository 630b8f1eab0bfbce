package io.vpnplane.tunnel.tunnel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.vpnplane.eventsourcing.StateFold;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.events.agentstatus.AgentStatusEvent;
import io.vpnplane.events.agentstatus.ChildSaEstablished;
import io.vpnplane.events.agentstatus.ChildSaFailed;
import io.vpnplane.events.agentstatus.DpdPeerDead;
import io.vpnplane.events.agentstatus.HealthCheckFailed;
import io.vpnplane.events.agentstatus.HealthCheckRecovered;
import io.vpnplane.events.agentstatus.IkeSaEstablished;
import io.vpnplane.events.agentstatus.IkeSaFailed;
import io.vpnplane.events.agentstatus.TunnelConfigApplied;
import io.vpnplane.events.agentstatus.TunnelTornDown;
import io.vpnplane.events.agentstatus.TunnelCountersObserved;
import io.vpnplane.events.health.HealthCheckStatusChanged;
import io.vpnplane.events.tunnel.TunnelConfigConfirmed;
import io.vpnplane.events.tunnel.TunnelDeleted;
import io.vpnplane.events.tunnel.TunnelDeletionStarted;
import io.vpnplane.events.tunnel.TunnelPlaced;
import io.vpnplane.events.tunnel.TunnelPlacementPending;
import io.vpnplane.events.tunnel.TunnelStatusChanged;
import io.vpnplane.events.tunnel.TunnelStatusChanged.NegotiationStatus;

/**
 * One tunnel as tunnel-service decides about it, folded from its stream ({@code tunnel/<tunnelId>}): where it runs,
 * which desired configuration version its node confirmed, and what the node observed.
 *
 * @param location               present while a node runs (or is tearing down) the tunnel
 * @param pendingReason          present while it waits for placement
 * @param desiredConfigVersion   the last configuration version written for the agent
 * @param confirmedConfigVersion the last version the node said it runs
 * @param lastObservedAt         the newest observation applied from the current node; older ones are stale
 */
public record Tunnel(
        String tunnelId,
        String connectionId,
        Phase phase,
        Optional<Location> location,
        Optional<String> pendingReason,
        long desiredConfigVersion,
        long confirmedConfigVersion,
        NegotiationStatus negotiation,
        Optional<String> failureReason,
        Optional<Instant> statusChangedAt,
        Optional<Instant> lastObservedAt,
        Optional<HealthCheckStatusChanged.Status> health) {

    public static final String PHASE2_SUCCEEDED = "phase 2 negotiation succeeded";
    static final String DPD_TIMEOUT = "DPD timeout: the peer stopped answering";

    public enum Phase { NEW, PENDING, PLACED, DELETING, DELETED }

    public record Location(String nodeId, String zone, String gatewayIp) {
    }

    public static final Tunnel NEW = new Tunnel("", "", Phase.NEW, Optional.empty(), Optional.empty(), 0, 0,
            NegotiationStatus.IKE_SA_NOT_ESTABLISHED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public static final StateFold<Tunnel> FOLD = new StateFold<>() {
        @Override
        public Tunnel initial() {
            return NEW;
        }

        @Override
        public Tunnel evolve(Tunnel state, Record event) {
            return state.apply(event);
        }
    };

    public Tunnel {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(negotiation, "negotiation");
    }

    /** The state after one of the tunnel's events. */
    public Tunnel apply(Record event) {
        return switch (event) {
            // A new placement starts a new observation history: the new node's clock is the reference now.
            case TunnelPlaced p -> new Tunnel(p.tunnelId(), p.connectionId(), Phase.PLACED,
                    Optional.of(new Location(p.nodeId(), p.zone(), p.gatewayIp())), Optional.empty(), desiredConfigVersion,
                    confirmedConfigVersion, negotiation, failureReason, statusChangedAt, Optional.empty(), health);
            case TunnelPlacementPending p -> new Tunnel(p.tunnelId(), p.connectionId(), Phase.PENDING, Optional.empty(),
                    Optional.of(p.reason()), desiredConfigVersion, confirmedConfigVersion, negotiation, failureReason,
                    statusChangedAt, Optional.empty(), health);
            case TunnelConfigDesired d -> new Tunnel(tunnelId, connectionId, phase, location, pendingReason, d.configVersion(),
                    confirmedConfigVersion, negotiation, failureReason, statusChangedAt, lastObservedAt, health);
            case TunnelConfigConfirmed c -> new Tunnel(tunnelId, connectionId, phase, location, pendingReason, desiredConfigVersion,
                    c.configVersion(), negotiation, failureReason, statusChangedAt, lastObservedAt, health);
            case TunnelStatusChanged s -> new Tunnel(tunnelId, connectionId, phase, location, pendingReason, desiredConfigVersion,
                    confirmedConfigVersion, s.status(), s.failureReason(), Optional.of(s.observedAt()),
                    Optional.of(s.observedAt()), health);
            case HealthCheckStatusChanged h -> new Tunnel(tunnelId, connectionId, phase, location, pendingReason, desiredConfigVersion,
                    confirmedConfigVersion, negotiation, failureReason, statusChangedAt, Optional.of(h.observedAt()),
                    Optional.of(h.status()));
            case TunnelDeletionStarted d -> new Tunnel(tunnelId, connectionId, Phase.DELETING, location, Optional.empty(),
                    desiredConfigVersion, confirmedConfigVersion, negotiation, failureReason, statusChangedAt, lastObservedAt, health);
            case TunnelDeleted d -> new Tunnel(tunnelId, connectionId, Phase.DELETED, Optional.empty(), Optional.empty(),
                    desiredConfigVersion, confirmedConfigVersion, negotiation, failureReason, statusChangedAt, lastObservedAt, health);
            default -> this;
        };
    }

    /** REQ-TUN-012: {@code deleting} while going away, {@code updating} until its node runs the latest configuration. */
    public String state() {
        return switch (phase) {
            case DELETING, DELETED -> "deleting";
            case NEW, PENDING -> "updating";
            case PLACED -> confirmedConfigVersion < desiredConfigVersion ? "updating" : "active";
        };
    }

    /** REQ-TUN-012: "phase 2 negotiation succeeded", or the failure reason. */
    public String negotiationText() {
        if (negotiation == NegotiationStatus.IPSEC_SA_ESTABLISHED) {
            return PHASE2_SUCCEEDED;
        }
        if (failureReason.isPresent()) {
            return failureReason.get();
        }
        return negotiation == NegotiationStatus.IKE_SA_ESTABLISHED ? "phase 1 negotiation succeeded" : "not negotiated yet";
    }

    /**
     * What an agent observation changes (REQ-GW-002): the public status events, a confirmed configuration, the end of a
     * deletion. Observations from a node the tunnel no longer runs on, or older than the last applied, change nothing.
     */
    public List<Record> observe(AgentStatusEvent observation, Optional<String> vpnGatewayId) {
        if (location.isEmpty() || !location.get().nodeId().equals(observation.nodeId())
                || lastObservedAt.filter(last -> observation.observedAt().isBefore(last)).isPresent()) {
            return List.of();
        }
        Instant at = observation.observedAt();
        return switch (observation) {
            case TunnelConfigApplied a -> phase == Phase.PLACED && a.configVersion() == desiredConfigVersion
                    && confirmedConfigVersion < desiredConfigVersion
                    ? List.of(new TunnelConfigConfirmed(tunnelId, connectionId, a.nodeId(), a.configVersion()))
                    : List.of();
            // A rekeyed or re-authenticated IKE SA under a standing CHILD SA is no step back.
            case IkeSaEstablished e -> negotiation == NegotiationStatus.IPSEC_SA_ESTABLISHED
                    ? List.of()
                    : status(NegotiationStatus.IKE_SA_ESTABLISHED, Optional.empty(), at, vpnGatewayId);
            case IkeSaFailed f -> status(NegotiationStatus.IKE_SA_NOT_ESTABLISHED, Optional.of(f.reason()), at, vpnGatewayId);
            case ChildSaEstablished e -> status(NegotiationStatus.IPSEC_SA_ESTABLISHED, Optional.empty(), at, vpnGatewayId);
            case ChildSaFailed f -> status(NegotiationStatus.IPSEC_SA_NOT_ESTABLISHED, Optional.of(f.reason()), at, vpnGatewayId);
            case DpdPeerDead d -> status(NegotiationStatus.IKE_SA_NOT_ESTABLISHED, Optional.of(DPD_TIMEOUT), at, vpnGatewayId);
            case HealthCheckFailed h -> health(HealthCheckStatusChanged.Status.FAILING, h.destinationIp(), at);
            case HealthCheckRecovered h -> health(HealthCheckStatusChanged.Status.PASSING, h.destinationIp(), at);
            case TunnelTornDown t -> phase == Phase.DELETING ? List.of(new TunnelDeleted(tunnelId, connectionId)) : List.of();
            case TunnelCountersObserved c -> List.of();
        };
    }

    /** The tunnel's node is gone: it is down whatever the node said last (routing-service switches to the standby). */
    public List<Record> nodeLost(String reason, Instant at, Optional<String> vpnGatewayId) {
        return status(NegotiationStatus.IKE_SA_NOT_ESTABLISHED, Optional.of(reason), at, vpnGatewayId);
    }

    private List<Record> status(NegotiationStatus next, Optional<String> reason, Instant at, Optional<String> vpnGatewayId) {
        if (next == negotiation && reason.equals(failureReason)) {
            return List.of();
        }
        return List.of(new TunnelStatusChanged(tunnelId, connectionId, vpnGatewayId, next, reason, at));
    }

    private List<Record> health(HealthCheckStatusChanged.Status next, String destinationIp, Instant at) {
        if (health.filter(next::equals).isPresent()) {
            return List.of();
        }
        return List.of(new HealthCheckStatusChanged(tunnelId, connectionId, next, destinationIp, at));
    }
}
