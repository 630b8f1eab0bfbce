package io.vpnplane.connection.neutron;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vpnplane.api.CurrentAccount;
import io.vpnplane.connection.api.Views;
import io.vpnplane.connection.api.Writes;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;

/**
 * A read-only {@code /v2.0/routers} for clients that look a router up before they create a VPN service on it
 * ({@code openstack vpn service create --router R} asks for {@code /v2.0/routers/R} first). connection-service
 * keeps no router registry (a VPN gateway's {@code vpcId} is free-form), so every router id exists: it names the
 * VPC. The list shows the routers that have a VPN service.
 */
@Path("/v2.0/routers")
@Produces(MediaType.APPLICATION_JSON)
public class NeutronRouterResource {

    private static final String NOT_FOUND = "RouterNotFound";

    @Inject
    CurrentAccount account;

    @Inject
    Writes writes;

    @GET
    public Uni<Response> list(@Context UriInfo uri) {
        return NeutronCalls.answer(NOT_FOUND, () -> {
            NeutronQuery query = NeutronQuery.of(uri);
            String caller = account.id();
            return NeutronQuery.rows(writes.pool(), Table.VPN_GATEWAY, caller)
                    .map(rows -> Response.ok(query.list("routers", rows.stream()
                            .map(stored -> router(Views.vpnGateway(stored).path("vpcId").asText(), caller))
                            .distinct().toList(), uri)).build());
        });
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id, @Context UriInfo uri) {
        return NeutronCalls.answer(NOT_FOUND, () -> {
            NeutronQuery query = NeutronQuery.of(uri);
            return Uni.createFrom().item(Response.ok(query.show("router", router(id, account.id()))).build());
        });
    }

    private static ObjectNode router(String id, String account) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("name", id).put("tenant_id", account)
                .put("project_id", account).put("status", "ACTIVE").put("admin_state_up", true);
    }
}
