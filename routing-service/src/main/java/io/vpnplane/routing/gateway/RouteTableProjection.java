package io.vpnplane.routing.gateway;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.eventsourcing.EventSelector;
import io.vpnplane.eventsourcing.Projection;
import io.vpnplane.eventsourcing.RecordedEvent;
import io.vpnplane.events.routing.ActiveRouteSwitched;
import io.vpnplane.events.routing.RouteEntryAdded;
import io.vpnplane.events.routing.RouteEntryDeleted;
import io.vpnplane.events.routing.RouteEntryWeightChanged;
import io.vpnplane.events.routing.RoutePublishedToVpc;
import io.vpnplane.events.routing.RouteUnpublishedFromVpc;
import jakarta.enterprise.context.ApplicationScoped;

/** rt_route and rt_in_effect from the route-table streams; written in the append's transaction, rebuildable. */
@ApplicationScoped
public class RouteTableProjection implements Projection {

    public static final String CATEGORY = "route-table";

    @Override
    public String name() {
        return "route-tables";
    }

    @Override
    public EventSelector selector() {
        return EventSelector.categories(CATEGORY);
    }

    @Override
    public Uni<Void> reset(SqlConnection tx) {
        return tx.query("TRUNCATE rt_route, rt_in_effect").execute().replaceWithVoid();
    }

    @Override
    public Uni<Void> apply(RecordedEvent event, SqlConnection tx) {
        return switch (event.data()) {
            case RouteEntryAdded e -> tx.preparedQuery("""
                            INSERT INTO rt_route (route_id, vpn_gateway_id, destination, next_hop, weight, published, source, propagate, created_at)
                            VALUES ($1, $2, $3, $4, $5, false, $6, $7, $8)""")
                    .execute(Tuple.from(java.util.List.of(e.routeId(), e.vpnGatewayId(), e.destinationCidr(), e.nextHop(), e.weight(),
                            e.source().name(), e.propagateToTransitRouter(), e.createdAt().atOffset(java.time.ZoneOffset.UTC))))
                    .replaceWithVoid();
            case RouteEntryWeightChanged e -> update("UPDATE rt_route SET weight = $2 WHERE route_id = $1", tx, e.routeId(), e.weight());
            case RouteEntryDeleted e -> update("DELETE FROM rt_route WHERE route_id = $1", tx, e.routeId());
            case RoutePublishedToVpc e -> update("UPDATE rt_route SET published = true WHERE route_id = $1", tx, e.routeId());
            case RouteUnpublishedFromVpc e -> update("UPDATE rt_route SET published = false WHERE route_id = $1", tx, e.routeId());
            case ActiveRouteSwitched e -> e.to().isPresent()
                    ? update("""
                            INSERT INTO rt_in_effect (vpn_gateway_id, source, destination, route_id, next_hop, weight)
                            VALUES ($1, $2, $3, $4, $5, $6)
                            ON CONFLICT (vpn_gateway_id, source, destination)
                            DO UPDATE SET route_id = EXCLUDED.route_id, next_hop = EXCLUDED.next_hop, weight = EXCLUDED.weight""",
                            tx, e.vpnGatewayId(), e.source().name(), e.destinationCidr(), e.to().get().routeId(), e.to().get().nextHop(),
                            e.to().get().weight())
                    : update("DELETE FROM rt_in_effect WHERE vpn_gateway_id = $1 AND source = $2 AND destination = $3", tx,
                            e.vpnGatewayId(), e.source().name(), e.destinationCidr());
            default -> Uni.createFrom().voidItem();
        };
    }

    private static Uni<Void> update(String sql, SqlConnection tx, Object... values) {
        return tx.preparedQuery(sql).execute(Tuple.from(values)).replaceWithVoid();
    }
}
