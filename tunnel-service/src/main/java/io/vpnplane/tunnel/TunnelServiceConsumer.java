package io.vpnplane.tunnel;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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
import io.vpnplane.events.agentstatus.AgentStatusEvent;
import io.vpnplane.events.agentstatus.TunnelCountersObserved;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.node.GatewayNodeHeartbeat;
import io.vpnplane.tunnel.connection.TunnelSpec;
import io.vpnplane.tunnel.connection.TunnelSpecs;
import io.vpnplane.tunnel.node.GatewayNodeRegistry;
import io.vpnplane.tunnel.tunnel.TunnelReconciler;

/**
 * Everything tunnel-service consumes, on one idempotent consumer: connection events (the tunnels' specs), gateway-node
 * heartbeats (the registry) and agent observations (tunnel status). Each event's effects commit with its
 * processed-event row; the outbox relay publishes what was appended.
 */
@ApplicationScoped
public class TunnelServiceConsumer {

    public static final String NAME = "tunnel-service";

    @Inject
    Pool pool;

    @Inject
    EventTypes types;

    @Inject
    TunnelSpecs specs;

    @Inject
    GatewayNodeRegistry registry;

    @Inject
    TunnelReconciler tunnels;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "vpnplane.tunnel.consumer.enabled", defaultValue = "true")
    boolean enabled;

    private IdempotentConsumer consumer;

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        TunnelServiceSchema.migrate(pool).await().atMost(java.time.Duration.ofMinutes(1));
        if (enabled) {
            consumer = IdempotentConsumer.start(pool, IdempotentConsumerConfig.of(NAME, bootstrapServers,
                            Topics.CONNECTIONS, Topics.AGENT_HEARTBEATS, Topics.AGENT_STATUS)
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
            case GatewayNodeHeartbeat heartbeat -> registry.heartbeat(tx, heartbeat);
            // counters are for subscribers and dashboards; they change no tunnel status and cost no write here
            case TunnelCountersObserved counters -> Uni.createFrom().voidItem();
            case AgentStatusEvent observation -> tunnels.observe(tx, observation, context);
            case IpsecConnectionEvent.Deleted deleted -> forEach(deleted.connection().tunnels().stream()
                    .map(io.vpnplane.events.connection.IpsecConnectionState.Tunnel::id).toList(),
                    id -> specs.markDeleted(tx, id).chain(() -> tunnels.reconcile(tx, id, "connection deleted", context)));
            case IpsecConnectionEvent changed -> connectionChanged(tx, changed, context);
            default -> Uni.createFrom().voidItem();
        };
    }

    /**
     * Re-decides only the tunnels whose spec changed (REQ-MOD-003: a change to one tunnel leaves the other alone), and
     * deletes tunnels the connection no longer has.
     */
    private Uni<Void> connectionChanged(SqlConnection tx, IpsecConnectionEvent event, EventContext context) {
        List<TunnelSpec> next = TunnelSpec.of(event.connection());
        List<String> nextIds = next.stream().map(TunnelSpec::tunnelId).toList();
        String reason = switch (event) {
            case IpsecConnectionEvent.Created c -> "connection created";
            case IpsecConnectionEvent.Attached a -> "connection attached";
            default -> "connection changed";
        };
        return specs.tunnelIdsOf(tx, event.connection().id())
                .chain(existing -> forEach(existing.stream().filter(id -> !nextIds.contains(id)).toList(),
                        id -> specs.markDeleted(tx, id).chain(() -> tunnels.reconcile(tx, id, "tunnel removed", context))))
                .chain(() -> forEach(next, spec -> specs.find(tx, spec.tunnelId()).chain(previous -> {
                    if (previous.isPresent() && previous.get().sameSettingsAs(spec)) {
                        return Uni.createFrom().voidItem();
                    }
                    return specs.save(tx, spec).chain(() -> tunnels.reconcile(tx, spec.tunnelId(), reason, context));
                })));
    }

    private static <T> Uni<Void> forEach(List<T> items, java.util.function.Function<T, Uni<Void>> action) {
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(item -> action.apply(item)).collect().last().replaceWithVoid();
    }
}
