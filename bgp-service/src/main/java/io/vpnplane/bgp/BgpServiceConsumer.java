package io.vpnplane.bgp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.bgp.decision.BestRouteDecider;
import io.vpnplane.bgp.rib.BestRouteChange;
import io.vpnplane.bgp.rib.LocRib;
import io.vpnplane.bgp.rib.Ipv4Prefix;
import io.vpnplane.bgp.session.BgpSessionCommands;
import io.vpnplane.bgp.session.BgpSessionReadModel;
import io.vpnplane.bgp.session.IpsecSessionPlanner;
import io.vpnplane.bgp.session.SessionSpec;
import io.vpnplane.bgp.session.StoredSession;
import io.vpnplane.bgp.wire.EventTranslation;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.eventsourcing.IdempotentConsumer;
import io.vpnplane.eventsourcing.IdempotentConsumerConfig;
import io.vpnplane.eventsourcing.ReceivedEvent;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.bgp.BgpRoutesLearned;
import io.vpnplane.events.bgp.BgpRoutesWithdrawn;
import io.vpnplane.events.bgp.BgpSessionStateObserved;
import io.vpnplane.events.node.GatewayNodeHeartbeat;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.connection.VpnGatewayEvent;

/**
 * Everything bgp-service consumes, on one idempotent consumer: VPN gateways (who owns which, for the REST side),
 * connection events (which IPsec BGP sessions exist, REQ-TUN-008/010), the agents' BGP observations (session state,
 * learned and withdrawn routes, REQ-GW-003) and the nodes' heartbeats (for {@link NodeLossSweep}). Its own session and
 * best-route events on vpn.bgp are skipped. Each event's effects commit with its processed-event row; the outbox relay
 * publishes what was appended.
 */
@ApplicationScoped
public class BgpServiceConsumer {

    public static final String NAME = "bgp-service";
    private static final Logger LOG = Logger.getLogger(BgpServiceConsumer.class);

    private final IpsecSessionPlanner planner = new IpsecSessionPlanner();
    private final EventTranslation translation = new EventTranslation();

    @Inject
    Pool pool;

    @Inject
    EventTypes types;

    @Inject
    BgpSessionReadModel sessions;

    @Inject
    BgpSessionCommands commands;

    @Inject
    BestRouteDecider decider;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "vpnplane.bgp.consumer.enabled", defaultValue = "true")
    boolean enabled;

    private IdempotentConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            consumer = IdempotentConsumer.start(pool, IdempotentConsumerConfig.of(NAME, bootstrapServers,
                            Topics.VPN_GATEWAYS, Topics.CONNECTIONS, Topics.BGP, Topics.AGENT_HEARTBEATS)
                    .withConsumerProperty("fetch.max.wait.ms", 10), types, this::handle);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
        }
    }

    Uni<Void> handle(ReceivedEvent event, SqlConnection tx) {
        EventContext context = EventContext.causedBy(event.envelope());
        return switch (event.data()) {
            case VpnGatewayEvent e -> tx.preparedQuery("""
                            INSERT INTO bgp_vpn_gateway (id, account_id, deleted) VALUES ($1, $2, $3)
                            ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, deleted = excluded.deleted""")
                    .execute(Tuple.of(e.vpnGateway().id(), e.vpnGateway().accountId(), e instanceof VpnGatewayEvent.Deleted))
                    .replaceWithVoid();
            case IpsecConnectionEvent.Deleted e -> connectionChanged(tx, e.connection(), List.of(), "connection deleted", context);
            case IpsecConnectionEvent e -> connectionChanged(tx, e.connection(), planner.sessions(e.connection()),
                    "BGP disabled or the tunnel lost its BGP settings", context);
            case BgpSessionStateObserved s -> stateObserved(tx, s, context);
            case GatewayNodeHeartbeat h -> sessions.heartbeat(tx, h.nodeId(), h.sentAt());
            case BgpRoutesLearned l -> whenEstablished(tx, l.sessionId(), session -> decider.apply(tx,
                    session.spec().vpnGatewayId(), rib -> announce(rib, session, l), context));
            case BgpRoutesWithdrawn w -> whenEstablished(tx, w.sessionId(), session -> decider.apply(tx,
                    session.spec().vpnGatewayId(), rib -> w.prefixes().stream().flatMap(p -> Ipv4Prefix.parse(p).stream())
                            .flatMap(p -> rib.withdraw(w.sessionId(), p).stream()).toList(), context));
            default -> Uni.createFrom().voidItem();
        };
    }

    /**
     * Re-plans a connection's sessions: new or changed ones are configured, ones it no longer needs are removed with
     * their routes (REQ-TUN-010 disabling BGP), a session that moved to another VPN gateway is removed and recreated.
     */
    private Uni<Void> connectionChanged(SqlConnection tx, IpsecConnectionState connection, List<SessionSpec> planned,
            String removalReason, EventContext context) {
        Map<String, SessionSpec> wanted = planned.stream().collect(Collectors.toMap(SessionSpec::sessionId, Function.identity()));
        List<String> advertised = connection.advanced().autoAdvertiseRoutes() ? connection.localCidrs() : List.of();
        return sessions.ofConnection(tx, connection.id()).chain(existing -> {
            List<StoredSession> obsolete = existing.stream().filter(s -> !wanted.containsKey(s.spec().sessionId())
                    || !wanted.get(s.spec().sessionId()).vpnGatewayId().equals(s.spec().vpnGatewayId())).toList();
            Map<String, StoredSession> current = existing.stream().filter(s -> !obsolete.contains(s))
                    .collect(Collectors.toMap(s -> s.spec().sessionId(), Function.identity()));
            List<SessionSpec> changed = planned.stream().filter(spec -> !Optional.ofNullable(current.get(spec.sessionId()))
                    .map(s -> s.spec().equals(spec) && s.advertisedPrefixes().equals(advertised)).orElse(false)).toList();
            return each(obsolete, s -> commands.remove(tx, s, removalReason, context))
                    .chain(() -> each(changed, spec -> commands.configure(tx, BgpSessionCommands.configured(spec, Optional.empty(),
                            advertised), connection.name().isEmpty() ? connection.id() : connection.name(), context)));
        });
    }

    /** REQ-AS-003: leaving ESTABLISHED withdraws everything the session learned. */
    private Uni<Void> stateObserved(SqlConnection tx, BgpSessionStateObserved observed, EventContext context) {
        return sessions.find(tx, observed.sessionId()).chain(found -> {
            if (found.isEmpty()) {
                LOG.debugf("state of unknown BGP session %s ignored", observed.sessionId());
                return Uni.createFrom().voidItem();
            }
            StoredSession session = found.get();
            return decider.sessionState(tx, session.spec().vpnGatewayId(), observed.sessionId(), observed.nodeId(),
                    observed.state(), observed.peerRouterId(), observed.reason(), observed.observedAt(), context);
        });
    }

    private Uni<Void> whenEstablished(SqlConnection tx, String sessionId, Function<StoredSession, Uni<List<BestRouteChange>>> action) {
        return sessions.find(tx, sessionId).chain(found -> found.filter(StoredSession::established)
                .map(session -> action.apply(session).replaceWithVoid())
                .orElseGet(() -> {
                    LOG.debugf("routes of BGP session %s ignored: unknown or not ESTABLISHED", sessionId);
                    return Uni.createFrom().voidItem();
                }));
    }

    private List<BestRouteChange> announce(LocRib rib, StoredSession session, BgpRoutesLearned learned) {
        long routerId = session.peerRouterId().flatMap(EventTranslation::routerId).orElse(0L);
        return learned.paths().stream()
                .flatMap(path -> translation.learned(session.spec(), routerId, path).stream())
                .flatMap(route -> rib.announce(route).changes().stream())
                .toList();
    }

    private static <T> Uni<Void> each(List<T> items, Function<T, Uni<Void>> action) {
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(item -> action.apply(item)).collect().last().replaceWithVoid();
    }
}
