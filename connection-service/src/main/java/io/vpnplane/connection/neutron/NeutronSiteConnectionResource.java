package io.vpnplane.connection.neutron;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vpnplane.api.CurrentAccount;
import io.vpnplane.connection.api.Requests;
import io.vpnplane.connection.api.Writes;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;
import io.vpnplane.connection.placement.TunnelPlacementReadModel;
import io.vpnplane.events.connection.IpsecConnectionState;

/**
 * Neutron VPNaaS {@code /v2.0/vpn/ipsec-site-connections}: a site connection is a native single-tunnel IPsec
 * connection attached to a VPN gateway (its VPN service); dual-tunnel and transit-router connections have no
 * Neutron form and are not listed. Writes: {@link SiteConnectionCommands}.
 */
@Path("/v2.0/vpn/ipsec-site-connections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NeutronSiteConnectionResource {

    static final String NOT_FOUND = "IPsecSiteConnectionNotFound";
    private static final String SINGULAR = "ipsec_site_connection";

    @Inject
    CurrentAccount account;

    @Inject
    Writes writes;

    @Inject
    TunnelPlacementReadModel placements;

    @Inject
    SiteConnectionCommands commands;

    @POST
    public Uni<Response> create(String body, @HeaderParam(Requests.REQUEST_ID) String requestId,
            @Context UriInfo uri) {
        return NeutronCalls.answer(NOT_FOUND, () -> {
            String caller = account.id();
            JsonNode resource = NeutronBodies.envelope(body, SINGULAR);
            NeutronBodies.tenantIs(resource, caller);
            return commands.create(caller, resource, requestId)
                    .chain(id -> show(caller, id, NeutronQuery.of(uri), 201));
        });
    }

    @GET
    public Uni<Response> list(@Context UriInfo uri) {
        return NeutronCalls.answer(NOT_FOUND, () -> {
            NeutronQuery query = NeutronQuery.of(uri);
            String caller = account.id();
            return NeutronQuery.rows(writes.pool(), Table.IPSEC_CONNECTION, caller)
                    .chain(rows -> {
                        List<Uni<ObjectNode>> views = new ArrayList<>();
                        rows.stream()
                                .map(stored -> ReadModelQueries.read(stored.state(), IpsecConnectionState.class))
                                .map(NeutronSiteConnections::siteConnection).flatMap(Optional::stream)
                                .forEach(state -> views.add(view(state)));
                        if (views.isEmpty()) {
                            return Uni.createFrom().item(Response.ok(query.list("ipsec_site_connections", List.of(),
                                    uri)).build());
                        }
                        return Uni.join().all(views).andFailFast().map(all ->
                                Response.ok(query.list("ipsec_site_connections", all, uri)).build());
                    });
        });
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id, @Context UriInfo uri) {
        return NeutronCalls.answer(NOT_FOUND, () -> show(account.id(), id, NeutronQuery.of(uri), 200));
    }

    @PUT
    @Path("/{id}")
    public Uni<Response> update(@PathParam("id") String id, String body,
            @HeaderParam(Requests.REQUEST_ID) String requestId, @Context UriInfo uri) {
        return NeutronCalls.answer(NOT_FOUND, () -> {
            String caller = account.id();
            JsonNode resource = NeutronBodies.envelope(body, SINGULAR);
            return commands.update(caller, id, resource, requestId)
                    .chain(() -> show(caller, id, NeutronQuery.of(uri), 200));
        });
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return NeutronCalls.answer(NOT_FOUND, () -> commands.delete(account.id(), id, requestId)
                .map(deleted -> Response.noContent().build()));
    }

    private Uni<Response> show(String caller, String id, NeutronQuery query, int status) {
        return ReadModelQueries.find(writes.pool(), Table.IPSEC_CONNECTION, id)
                .chain(row -> row.filter(r -> r.accountId().equals(caller))
                        .map(stored -> ReadModelQueries.read(stored.state(), IpsecConnectionState.class))
                        .flatMap(NeutronSiteConnections::siteConnection)
                        .map(state -> view(state).map(view -> Response.status(status)
                                .entity(query.show(SINGULAR, view)).build()))
                        .orElseGet(() -> Uni.createFrom().item(NeutronErrors.notFound(NOT_FOUND,
                                "ipsec_site_connection " + id + " not found"))));
    }

    private Uni<ObjectNode> view(IpsecConnectionState state) {
        return placements.ofConnection(writes.pool(), state.id())
                .map(byTunnel -> NeutronSiteConnections.view(state,
                        NeutronSiteConnections.status(Optional.ofNullable(byTunnel.get(state.tunnels().getFirst().id())))));
    }
}
