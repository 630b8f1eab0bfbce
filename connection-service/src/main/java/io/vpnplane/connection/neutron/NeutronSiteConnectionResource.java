package io.vpnplane.connection.neutron;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vpnplane.api.CurrentAccount;
import io.vpnplane.connection.api.Writes;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;
import io.vpnplane.connection.persistence.StoredResource;
import io.vpnplane.connection.placement.TunnelPlacementReadModel;
import io.vpnplane.events.connection.IpsecConnectionState;

/**
 * Neutron VPNaaS {@code /v2.0/vpn/ipsec-site-connections}, read side: a site connection is a native single-tunnel
 * IPsec connection attached to a VPN gateway (its VPN service); dual-tunnel and transit-router connections have
 * no Neutron form and are not listed.
 */
@Path("/v2.0/vpn/ipsec-site-connections")
@Produces(MediaType.APPLICATION_JSON)
public class NeutronSiteConnectionResource {

    static final String NOT_FOUND = "IPsecSiteConnectionNotFound";

    @Inject
    CurrentAccount account;

    @Inject
    Writes writes;

    @Inject
    TunnelPlacementReadModel placements;

    @GET
    public Uni<Response> list() {
        return NeutronCalls.answer(NOT_FOUND, () -> {
            String caller = account.id();
            return ReadModelQueries.list(writes.pool(), Table.IPSEC_CONNECTION, caller, Optional.empty(), Map.of(),
                            Optional.empty(), NeutronBodies.LIST_LIMIT)
                    .chain(page -> {
                        List<Uni<ObjectNode>> views = new ArrayList<>();
                        page.items().stream().map(NeutronSiteConnectionResource::state).flatMap(Optional::stream)
                                .forEach(state -> views.add(view(state)));
                        ObjectNode answer = JsonNodeFactory.instance.objectNode();
                        var items = answer.putArray("ipsec_site_connections");
                        if (views.isEmpty()) {
                            return Uni.createFrom().item(Response.ok(answer).build());
                        }
                        return Uni.join().all(views).andFailFast().map(all -> {
                            all.forEach(items::add);
                            return Response.ok(answer).build();
                        });
                    });
        });
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id) {
        return NeutronCalls.answer(NOT_FOUND, () -> {
            String caller = account.id();
            return ReadModelQueries.find(writes.pool(), Table.IPSEC_CONNECTION, id)
                    .chain(row -> row.filter(r -> r.accountId().equals(caller))
                            .flatMap(NeutronSiteConnectionResource::state)
                            .map(state -> view(state).map(view -> {
                                ObjectNode answer = JsonNodeFactory.instance.objectNode();
                                answer.set("ipsec_site_connection", view);
                                return Response.ok(answer).build();
                            }))
                            .orElseGet(() -> Uni.createFrom().item(NeutronErrors.notFound(NOT_FOUND,
                                    "IPsec site connection " + id + " could not be found."))));
        });
    }

    /** The connection when it has a Neutron form: one tunnel on a VPN gateway. */
    private static Optional<IpsecConnectionState> state(StoredResource stored) {
        IpsecConnectionState state = ReadModelQueries.read(stored.state(), IpsecConnectionState.class);
        return state.tunnels().size() == 1 && state.attachment().vpnGatewayId().isPresent()
                ? Optional.of(state) : Optional.empty();
    }

    private Uni<ObjectNode> view(IpsecConnectionState state) {
        return placements.ofConnection(writes.pool(), state.id())
                .map(byTunnel -> NeutronSiteConnections.view(state,
                        NeutronSiteConnections.status(Optional.ofNullable(byTunnel.get(state.tunnels().getFirst().id())))));
    }
}
