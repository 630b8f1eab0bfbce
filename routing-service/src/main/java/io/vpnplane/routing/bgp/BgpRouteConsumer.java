package io.vpnplane.routing.bgp;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.eventsourcing.IdempotentConsumer;
import io.vpnplane.eventsourcing.IdempotentConsumerConfig;
import io.vpnplane.eventsourcing.ReceivedEvent;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.bgp.BgpBestRouteRemoved;
import io.vpnplane.events.bgp.BgpBestRouteSelected;
import io.vpnplane.events.bgp.BgpPathKind;
import io.vpnplane.routing.address.Ipv4Cidr;
import io.vpnplane.routing.gateway.RouteTable;
import io.vpnplane.routing.gateway.RouteTableCommands;

/**
 * Turns bgp-service's best-route decisions (vpn.bgp) into the {@code bgp} routes of each VPN gateway's table, so BGP
 * prefixes take part in lookups and active/standby selection like the others (REQ-X-001 order: policy, static, bgp).
 * The other events on vpn.bgp (sessions, agents' observations) are bgp-service's business and are skipped.
 */
@ApplicationScoped
public class BgpRouteConsumer {

    public static final String NAME = "routing-service.bgp";
    private static final Logger LOG = Logger.getLogger(BgpRouteConsumer.class);

    @Inject
    Pool pool;

    @Inject
    EventTypes types;

    @Inject
    RouteTableCommands commands;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "vpnplane.routing.consumers.enabled", defaultValue = "true")
    boolean enabled;

    private IdempotentConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            consumer = IdempotentConsumer.start(pool, IdempotentConsumerConfig.of(NAME, bootstrapServers, Topics.BGP)
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
            case BgpBestRouteSelected s -> follow(tx, event, s.vpnGatewayId(), s.prefix(),
                    s.pathKind() == BgpPathKind.IPSEC ? s.ipsecConnectionId() : Optional.empty());
            case BgpBestRouteRemoved r -> follow(tx, event, r.vpnGatewayId(), r.prefix(), Optional.empty());
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> follow(SqlConnection tx, ReceivedEvent event, String vpnGatewayId, String prefix, Optional<String> connection) {
        return switch (Ipv4Cidr.parse(prefix)) {
            case Ipv4Cidr.ParseResult.Parsed parsed -> follow(tx, event, vpnGatewayId, parsed.cidr(), connection);
            case Ipv4Cidr.ParseResult.Refused refused -> {
                LOG.warnf("best route for %s on %s ignored: %s", prefix, vpnGatewayId, refused.reason());
                yield Uni.createFrom().voidItem();
            }
        };
    }

    private Uni<Void> follow(SqlConnection tx, ReceivedEvent event, String vpnGatewayId, Ipv4Cidr destination,
            Optional<String> connection) {
        RouteTable.Cause cause = new RouteTable.Cause(Optional.of(event.envelope().id().toString()), Optional.of(event.envelope().type()),
                Optional.of(event.envelope().time()), commands.clock().instant());
        return commands.execute(tx, vpnGatewayId, EventContext.causedBy(event.envelope()), loaded -> loaded.table().followBgpBest(
                        destination, connection, loaded.facts().gatewayConnections(), loaded.facts().propagatingConnections(),
                        () -> "rte-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17), loaded.facts().links(), cause))
                .replaceWithVoid();
    }
}
