package io.vpnplane.routing.connection;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.connection.VpnGatewayEvent;
import io.vpnplane.routing.address.Ipv4Cidr;
import io.vpnplane.routing.gateway.RouteTable;
import io.vpnplane.routing.gateway.RouteTableCommands;
import io.vpnplane.routing.gateway.RoutingReadModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * routing-service's projection of connection-service (it never reads connection-service's tables): which VPN
 * gateways exist and whose they are, which connections hang off which gateway (the valid next hops, REQ-RT-001),
 * whether a failing health check counts (REQ-TUN-011 switchRoute), and the routes a connection brings: the
 * destination routes of a policy-mode connection's remote CIDRs (REQ-CONN-007), removed again when it changes mode,
 * is deleted or leaves the gateway (its user routes go with it then).
 */
@ApplicationScoped
public class ConnectionProjectionConsumer {

    public static final String NAME = "routing-service.connections";
    private static final String VPN_GATEWAY_ATTACHMENT = "vpn-gateway";

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
            consumer = IdempotentConsumer.start(pool, IdempotentConsumerConfig.of(NAME, bootstrapServers, Topics.VPN_GATEWAYS,
                    Topics.CONNECTIONS).withConsumerProperty("fetch.max.wait.ms", 10), types, this::handle);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
        }
    }

    Uni<Void> handle(ReceivedEvent event, SqlConnection tx) {
        return switch (event.data()) {
            case VpnGatewayEvent e -> readModel.upsertGateway(tx, e.vpnGateway().id(), e.vpnGateway().accountId(),
                    Optional.ofNullable(e.vpnGateway().vpcId()), e instanceof VpnGatewayEvent.Deleted);
            case IpsecConnectionEvent e -> connectionChanged(tx, event, e.connection(), e instanceof IpsecConnectionEvent.Deleted);
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> connectionChanged(SqlConnection tx, ReceivedEvent event, IpsecConnectionState connection, boolean deleted) {
        Optional<String> gateway = deleted || !VPN_GATEWAY_ATTACHMENT.equals(connection.attachment().type())
                ? Optional.empty() : connection.attachment().vpnGatewayId();
        boolean propagate = connection.advanced().autoPropagateToDefaultRouteTable();
        List<Ipv4Cidr> policyCidrs = "policy".equals(connection.routingMode())
                ? connection.remoteCidrs().stream().flatMap(c -> switch (Ipv4Cidr.parse(c)) {
                    case Ipv4Cidr.ParseResult.Parsed p -> java.util.stream.Stream.of(p.cidr());
                    case Ipv4Cidr.ParseResult.Refused r -> java.util.stream.Stream.<Ipv4Cidr>empty();
                }).toList()
                : List.of();
        RouteTable.Cause cause = new RouteTable.Cause(Optional.of(event.envelope().id().toString()), Optional.of(event.envelope().type()),
                Optional.empty(), commands.clock().instant());
        EventContext context = EventContext.causedBy(event.envelope());
        return readModel.gatewayOfConnection(tx, connection.id())
                .call(() -> readModel.upsertConnection(tx, connection.id(), connection.accountId(), gateway, propagate, deleted))
                .call(() -> Multi.createFrom().iterable(connection.tunnels())
                        .onItem().transformToUniAndConcatenate(t -> readModel.configureTunnel(tx, t.id(), connection.id(),
                                t.healthCheck().enabled() && t.healthCheck().switchRoute()))
                        .collect().last())
                .chain(previous -> readModel.gatewaysRoutingVia(tx, connection.id()).map(routing -> {
                    Set<String> affected = new LinkedHashSet<>();
                    previous.ifPresent(affected::add);
                    gateway.ifPresent(affected::add);
                    affected.addAll(routing);
                    return affected;
                }))
                .chain(affected -> Multi.createFrom().iterable(affected)
                        .onItem().transformToUniAndConcatenate(id -> commands.execute(tx, id, context, loaded -> loaded.table()
                                .syncConnection(connection.id(), gateway.filter(id::equals).isPresent(), policyCidrs, propagate,
                                        () -> "rte-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17),
                                        loaded.facts().links(), cause)))
                        .collect().last())
                .replaceWithVoid();
    }
}
