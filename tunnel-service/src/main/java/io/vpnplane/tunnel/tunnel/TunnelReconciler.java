package io.vpnplane.tunnel.tunnel;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.eventsourcing.EventStore;
import io.vpnplane.eventsourcing.StreamId;
import io.vpnplane.eventsourcing.Versioned;
import io.vpnplane.events.agentconfig.SealedSecret;
import io.vpnplane.events.agentconfig.TunnelConfigWithdrawn;
import io.vpnplane.events.agentstatus.AgentStatusEvent;
import io.vpnplane.events.tunnel.TunnelDeleted;
import io.vpnplane.events.tunnel.TunnelDeletionStarted;
import io.vpnplane.events.tunnel.TunnelPlaced;
import io.vpnplane.events.tunnel.TunnelPlacementPending;
import io.vpnplane.tunnel.agentconfig.AgentConfigs;
import io.vpnplane.tunnel.connection.TunnelSpec;
import io.vpnplane.tunnel.connection.TunnelSpecs;
import io.vpnplane.tunnel.node.GatewayNode;
import io.vpnplane.tunnel.node.GatewayNodeRegistry;
import io.vpnplane.tunnel.placement.NodeLoad;
import io.vpnplane.tunnel.placement.Placement;
import io.vpnplane.tunnel.placement.PlacementRequest;
import io.vpnplane.tunnel.placement.TunnelPlacer;
import io.vpnplane.tunnel.secret.SecretSealer;
import io.vpnplane.events.secret.TransitKey;

/**
 * The command side of the Tunnel aggregate: every decision loads the tunnel's stream, decides, appends and updates
 * {@code tunnel_view} in the caller's transaction. Decisions that touch placement read other tunnels (sibling zones,
 * taken gateway IPs, node load), so every tunnel-writing transaction first takes one advisory lock: placements are
 * serialized and a gateway IP is never handed out twice.
 */
@ApplicationScoped
public class TunnelReconciler {

    private static final Logger LOG = Logger.getLogger(TunnelReconciler.class);
    static final String NOT_ATTACHED = "the gateway IP is assigned once the connection is attached (REQ-TUN-012)";
    static final String NO_KEY = "waiting for the tunnel's pre-shared key from connection-service";
    static final String KEY_UNREADABLE = "the pre-shared key from connection-service does not open with this service's transit key";

    @Inject
    EventStore store;

    @Inject
    TunnelViewProjection view;

    @Inject
    TunnelSpecs specs;

    @Inject
    GatewayNodeRegistry nodes;

    @Inject
    TunnelPlacer placer;

    @Inject
    SecretSealer sealer;

    @Inject
    TransitKey transitKey;

    @Inject
    Clock clock;

    public static StreamId stream(String tunnelId) {
        return new StreamId(TunnelViewProjection.CATEGORY, tunnelId);
    }

    /**
     * Brings a tunnel in line with its spec: places a new or waiting tunnel, writes a new desired configuration for a
     * placed one, withdraws it when the connection was detached, or deletes it when its spec is gone.
     */
    public Uni<Void> reconcile(SqlConnection tx, String tunnelId, String reason, EventContext context) {
        return lock(tx).chain(() -> specs.find(tx, tunnelId)).chain(spec -> load(tx, tunnelId).chain(loaded -> {
            if (spec.isEmpty()) {
                return append(tx, tunnelId, loaded, deletion(loaded.state()), context);
            }
            return decide(tx, spec.get(), loaded.state(), reason).chain(events -> append(tx, tunnelId, loaded, events, context));
        }));
    }

    /** The tunnel's node went down: the tunnel is down now and moves to another healthy node, same zone first. */
    public Uni<Void> nodeDown(SqlConnection tx, String tunnelId, String nodeId, EventContext context) {
        return lock(tx).chain(() -> specs.find(tx, tunnelId)).chain(spec -> load(tx, tunnelId).chain(loaded -> {
            Tunnel t = loaded.state();
            if (t.location().filter(l -> l.nodeId().equals(nodeId)).isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            String reason = "gateway node " + nodeId + " down";
            if (t.phase() == Tunnel.Phase.DELETING || spec.isEmpty()) {
                // Nothing runs it any more: the deletion is complete.
                return append(tx, tunnelId, loaded, List.of(new TunnelDeleted(tunnelId, t.connectionId())), context);
            }
            List<Record> events = new ArrayList<>(t.nodeLost(reason, clock.instant(), spec.get().vpnGatewayId()));
            return place(tx, spec.get(), t, t.location(), reason).chain(placed -> {
                events.addAll(placed);
                return append(tx, tunnelId, loaded, events, context);
            });
        }));
    }

    /** An agent observation (REQ-GW-002) becomes status events on the tunnel. */
    public Uni<Void> observe(SqlConnection tx, AgentStatusEvent observation, EventContext context) {
        String tunnelId = observation.tunnelId();
        return lock(tx).chain(() -> specs.find(tx, tunnelId)).chain(spec -> load(tx, tunnelId).chain(loaded -> loaded.exists()
                ? append(tx, tunnelId, loaded, loaded.state().observe(observation, spec.flatMap(TunnelSpec::vpnGatewayId)), context)
                : Uni.createFrom().voidItem()));
    }

    private Uni<List<Record>> decide(SqlConnection tx, TunnelSpec spec, Tunnel t, String reason) {
        return switch (t.phase()) {
            case DELETING, DELETED -> none();
            case NEW, PENDING -> {
                if (!spec.attached()) {
                    yield Uni.createFrom().item(pending(t, spec, NOT_ATTACHED));
                }
                if (spec.transitSealedPreSharedKey().isEmpty()) {
                    yield Uni.createFrom().item(pending(t, spec, NO_KEY));
                }
                yield place(tx, spec, t, Optional.empty(), reason);
            }
            case PLACED -> {
                Tunnel.Location at = t.location().orElseThrow();
                if (!spec.attached()) {
                    // Detached: the tunnel stops and gives its gateway IP back.
                    yield Uni.createFrom().item(List.of(new TunnelConfigWithdrawn(spec.tunnelId(), at.nodeId(), t.desiredConfigVersion()),
                            new TunnelPlacementPending(spec.tunnelId(), spec.connectionId(), NOT_ATTACHED)));
                }
                yield nodes.find(tx, at.nodeId()).chain(node -> {
                    if (node.isEmpty() || !node.get().up()) {
                        return place(tx, spec, t, t.location(), "gateway node " + at.nodeId() + " down");
                    }
                    return Uni.createFrom().item(configure(spec, t, at.nodeId(), at.zone(), at.gatewayIp(), node.get().publicKey())
                            .map(config -> List.<Record>of(config))
                            .orElseGet(() -> List.of()));
                });
            }
        };
    }

    /** Places the tunnel (or moves it away from {@code from}); pending with the reason when nothing fits. */
    private Uni<List<Record>> place(SqlConnection tx, TunnelSpec spec, Tunnel t, Optional<Tunnel.Location> from, String reason) {
        return nodes.healthy(tx).chain(healthy -> view.loadByNode(tx).chain(load -> view.takenGatewayIps(tx).chain(taken ->
                view.zonesOf(tx, spec.siblingTunnelIds()).map(siblingZones -> {
                    Set<String> takenByOthers = new java.util.HashSet<>(taken);
                    t.location().ifPresent(l -> takenByOthers.remove(l.gatewayIp()));
                    List<NodeLoad> loads = healthy.stream().map(n -> new NodeLoad(n.nodeId(), n.zone(), n.gatewayAddresses(), n.capacity(),
                            load.getOrDefault(n.nodeId(), 0) - (t.location().filter(l -> l.nodeId().equals(n.nodeId())).isPresent() ? 1 : 0)))
                            .toList();
                    PlacementRequest request = new PlacementRequest(spec.tunnelId(), siblingZones,
                            from.map(l -> Set.of(l.nodeId())).orElse(Set.of()), from.map(Tunnel.Location::zone),
                            from.map(Tunnel.Location::gatewayIp));
                    return switch (placer.place(request, loads, takenByOthers)) {
                        case Placement.Pending p -> pending(t, spec, p.reason());
                        case Placement.Placed p -> {
                            String key = healthy.stream().filter(n -> n.nodeId().equals(p.nodeId())).findFirst()
                                    .map(GatewayNode::publicKey).orElseThrow();
                            yield configure(spec, t, p.nodeId(), p.zone(), p.gatewayIp(), key)
                                    .map(config -> List.<Record>of(new TunnelPlaced(spec.tunnelId(), spec.connectionId(), p.nodeId(),
                                            p.zone(), p.gatewayIp(), reason), config))
                                    .orElseGet(() -> pending(t, spec, KEY_UNREADABLE));
                        }
                    };
                }))));
    }

    /** The next desired configuration with the PSK re-sealed to the node; empty when the transit-sealed PSK does not open. */
    private Optional<Record> configure(TunnelSpec spec, Tunnel t, String nodeId, String zone, String gatewayIp, String nodePublicKey) {
        Optional<String> transit = spec.transitSealedPreSharedKey();
        if (transit.isEmpty()) {
            return Optional.empty();
        }
        byte[] psk;
        try {
            psk = transitKey.open(spec.tunnelId(), spec.tunnel().preSharedKeyVersion(), transit.get());
        } catch (IllegalArgumentException e) {
            LOG.errorf("tunnel %s: %s", spec.tunnelId(), e.getMessage());
            return Optional.empty();
        }
        try {
            SealedSecret sealed = sealer.seal(nodePublicKey, spec.tunnelId(), psk);
            return Optional.of(AgentConfigs.desired(spec, t.desiredConfigVersion() + 1, nodeId, zone, gatewayIp, sealed));
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
    }

    private static List<Record> pending(Tunnel t, TunnelSpec spec, String reason) {
        if (t.phase() == Tunnel.Phase.PENDING && t.pendingReason().filter(reason::equals).isPresent()) {
            return List.of();
        }
        return List.of(new TunnelPlacementPending(spec.tunnelId(), spec.connectionId(), reason));
    }

    private static List<Record> deletion(Tunnel t) {
        return switch (t.phase()) {
            case PLACED -> {
                Tunnel.Location at = t.location().orElseThrow();
                yield List.of(new TunnelConfigWithdrawn(t.tunnelId(), at.nodeId(), t.desiredConfigVersion()),
                        new TunnelDeletionStarted(t.tunnelId(), t.connectionId()));
            }
            case PENDING -> List.of(new TunnelDeleted(t.tunnelId(), t.connectionId()));
            case NEW, DELETING, DELETED -> List.of();
        };
    }

    private Uni<Versioned<Tunnel>> load(SqlConnection tx, String tunnelId) {
        return store.load(tx, stream(tunnelId), Tunnel.FOLD);
    }

    private Uni<Void> append(SqlConnection tx, String tunnelId, Versioned<Tunnel> loaded, List<Record> events, EventContext context) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.append(tx, stream(tunnelId), loaded.expected(), events, context)
                .chain(result -> view.apply(result.events(), tx));
    }

    private static Uni<Void> lock(SqlConnection tx) {
        return tx.query("SELECT pg_advisory_xact_lock(hashtext('vpnplane.tunnel-placement'))").execute().replaceWithVoid();
    }

    private static Uni<List<Record>> none() {
        return Uni.createFrom().item(List.of());
    }

}
