package io.vpnplane.connection.placement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.eventsourcing.IdempotentConsumer;
import io.vpnplane.eventsourcing.IdempotentConsumerConfig;
import io.vpnplane.eventsourcing.ReceivedEvent;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.tunnel.TunnelDeleted;
import io.vpnplane.events.tunnel.TunnelPlaced;
import io.vpnplane.events.tunnel.TunnelPlacementPending;
import io.vpnplane.events.tunnel.TunnelStatusChanged;

/**
 * Follows tunnel-service's placement decisions (vpn.tunnels) so that a downloaded peer configuration names the
 * real cloud gateway IP of each tunnel (REQ-PEER-001, REQ-TUN-012). Events of one tunnel share a partition, so the
 * last one applied is the newest; redeliveries are dropped by the idempotent consumer.
 */
@ApplicationScoped
public class TunnelPlacementConsumer {

    public static final String NAME = "connection-service.tunnels";

    @Inject
    Pool pool;

    @Inject
    EventTypes types;

    @Inject
    TunnelPlacementReadModel placements;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "vpnplane.connection.consumers.enabled", defaultValue = "true")
    boolean enabled;

    private IdempotentConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            consumer = IdempotentConsumer.start(pool, IdempotentConsumerConfig.of(NAME, bootstrapServers, Topics.TUNNELS),
                    types, this::handle);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
        }
    }

    Uni<Void> handle(ReceivedEvent event, SqlConnection tx) {
        return switch (event.data()) {
            case TunnelPlaced p -> placements.placed(tx, p.tunnelId(), p.connectionId(), p.nodeId(), p.zone(), p.gatewayIp());
            case TunnelPlacementPending p -> placements.pending(tx, p.tunnelId(), p.connectionId(), p.reason());
            case TunnelStatusChanged s -> placements.statusChanged(tx, s.tunnelId(), s.connectionId(), s.status().name(),
                    s.observedAt());
            case TunnelDeleted d -> placements.deleted(tx, d.tunnelId());
            default -> Uni.createFrom().voidItem();
        };
    }
}
