package io.vpnplane.tunnel.tunnel;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.CurrentAccount;
import io.vpnplane.events.EventJson;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.tunnel.connection.TunnelSpec;

/** The tunnel view of REQ-TUN-012, for the owning account. */
@Path("/v1/tunnels")
@Produces(MediaType.APPLICATION_JSON)
public class TunnelResource {

    private static final String SELECT = """
            SELECT v.state::text AS state, s.spec::text AS spec, v.updated_at
            FROM tunnel_view v JOIN tunnel_spec s ON s.tunnel_id = v.tunnel_id
            WHERE s.account_id = $1""";

    @Inject
    Pool pool;

    @Inject
    CurrentAccount account;

    /**
     * One tunnel as the user sees it.
     *
     * @param state             {@code active} | {@code updating} | {@code deleting}
     * @param negotiationStatus "phase 2 negotiation succeeded" or the failure reason
     * @param status            the negotiation state behind the text
     * @param gatewayIp         assigned by the system once placed (for a connection only once attached)
     * @param pendingReason     why the tunnel waits for placement
     */
    public record TunnelView(String tunnelId, String connectionId, String state, String negotiationStatus, String status,
                             Optional<String> gatewayIp, Optional<String> nodeId, Optional<String> zone, Optional<String> pendingReason,
                             String customerGatewayId, String customerGatewayIp, Optional<String> tunnelCidr,
                             Optional<String> localBgpIp, Optional<String> healthCheck, long desiredConfigVersion,
                             long appliedConfigVersion, Optional<Instant> statusChangedAt, Instant updatedAt) {
    }

    @GET
    public Uni<List<TunnelView>> list(@QueryParam("connectionId") String connectionId) {
        String owner = account.id();
        Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> rows = connectionId == null || connectionId.isBlank()
                ? pool.preparedQuery(SELECT + " ORDER BY v.connection_id, v.tunnel_id").execute(Tuple.of(owner))
                : pool.preparedQuery(SELECT + " AND v.connection_id = $2 ORDER BY v.tunnel_id").execute(Tuple.of(owner, connectionId));
        return rows.map(set -> {
            List<TunnelView> out = new ArrayList<>();
            set.forEach(r -> out.add(view(r)));
            return out;
        });
    }

    @GET
    @Path("/{tunnelId}")
    public Uni<TunnelView> get(@PathParam("tunnelId") String tunnelId) {
        String owner = account.id();
        return pool.preparedQuery(SELECT + " AND v.tunnel_id = $2").execute(Tuple.of(owner, tunnelId))
                .map(set -> {
                    if (!set.iterator().hasNext()) {
                        throw ApiProblemException.notFound("Tunnel", tunnelId);
                    }
                    return view(set.iterator().next());
                });
    }

    private static TunnelView view(Row row) {
        try {
            Tunnel t = EventJson.mapper().readValue(row.getString("state"), Tunnel.class);
            TunnelSpec spec = EventJson.mapper().readValue(row.getString("spec"), TunnelSpec.class);
            IpsecConnectionState.Tunnel conf = spec.tunnel();
            return new TunnelView(t.tunnelId(), t.connectionId(), t.state(), t.negotiationText(), t.negotiation().name(),
                    t.location().map(Tunnel.Location::gatewayIp), t.location().map(Tunnel.Location::nodeId),
                    t.location().map(Tunnel.Location::zone), t.pendingReason(), conf.customerGatewayId(), conf.customerGatewayIp(),
                    conf.bgp().map(IpsecConnectionState.TunnelBgp::tunnelCidr), conf.bgp().map(IpsecConnectionState.TunnelBgp::localBgpIp),
                    t.health().map(Enum::name), t.desiredConfigVersion(), t.confirmedConfigVersion(), t.statusChangedAt(),
                    row.getOffsetDateTime("updated_at").toInstant());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable tunnel row", e);
        }
    }
}
