package io.vpnplane.routing.observation;

import java.time.Instant;
import java.util.Optional;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.eventsourcing.IdempotentConsumer;
import io.vpnplane.eventsourcing.IdempotentConsumerConfig;
import io.vpnplane.eventsourcing.ReceivedEvent;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.health.HealthCheckStatusChanged;
import io.vpnplane.events.tunnel.TunnelStatusChanged;
import io.vpnplane.routing.gateway.RouteTable;
import io.vpnplane.routing.gateway.RouteTableCommands;
import io.vpnplane.routing.gateway.RoutingReadModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns what the gateway agents observe into route switches (REQ-GW-002 → REQ-RT-005): a tunnel's negotiation
 * status ({@code vpn.tunnels}) or health-check verdict ({@code vpn.health}) updates {@code rt_tunnel}, then every
 * route table with a route through that connection is re-decided; the {@code ActiveRouteSwitched} events it yields
 * are appended in the same transaction as the processed-event row, and the outbox relay publishes them.
 *
 * <p>Idempotent twice over: a redelivered event (same {@code ce_id}) is skipped by the kernel, and an observation
 * that changes no connection state (a replay under a new id, or one older than what is recorded) changes no
 * selection, so it switches nothing.
 */
@ApplicationScoped
public class LinkObservationConsumer {

    public static final String NAME = "routing-service.link-observations";

    @Inject
    Pool pool;

    @Inject
    EventTypes types;

    @Inject
    RoutingReadModel readModel;

    @Inject
    RouteTableCommands commands;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "vpnplane.routing.consumers.enabled", defaultValue = "true")
    boolean enabled;

    private IdempotentConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            consumer = IdempotentConsumer.start(pool, IdempotentConsumerConfig.of(NAME, bootstrapServers, Topics.TUNNELS, Topics.HEALTH)
                    .withConsumerProperty("fetch.max.wait.ms", 10), types, this::handle);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
        }
    }

    Uni<Void> handle(ReceivedEvent event, SqlConnection tx) {
        return switch (event.data()) {
            case TunnelStatusChanged t -> readModel.observeNegotiation(tx, t.tunnelId(), t.connectionId(),
                            t.status() == TunnelStatusChanged.NegotiationStatus.IPSEC_SA_ESTABLISHED, t.observedAt())
                    .chain(applied -> applied ? reselect(tx, t.connectionId(), event, t.observedAt()) : Uni.createFrom().voidItem());
            case HealthCheckStatusChanged h -> readModel.observeHealth(tx, h.tunnelId(), h.connectionId(),
                            h.status() == HealthCheckStatusChanged.Status.FAILING, h.observedAt())
                    .chain(applied -> applied ? reselect(tx, h.connectionId(), event, h.observedAt()) : Uni.createFrom().voidItem());
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> reselect(SqlConnection tx, String connectionId, ReceivedEvent event, Instant observedAt) {
        RouteTable.Cause cause = new RouteTable.Cause(Optional.of(event.envelope().id().toString()), Optional.of(event.envelope().type()),
                Optional.of(observedAt), commands.clock().instant());
        EventContext context = EventContext.causedBy(event.envelope());
        return readModel.gatewaysRoutingVia(tx, connectionId)
                .chain(gateways -> Multi.createFrom().iterable(gateways)
                        .onItem().transformToUniAndConcatenate(gateway -> commands.execute(tx, gateway, context,
                                loaded -> loaded.table().reselect(loaded.facts().links(), cause)))
                        .collect().last())
                .replaceWithVoid();
    }
}
