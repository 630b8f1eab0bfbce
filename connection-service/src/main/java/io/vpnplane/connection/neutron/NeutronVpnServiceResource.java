package io.vpnplane.connection.neutron;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

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
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vpnplane.api.CurrentAccount;
import io.vpnplane.connection.api.Requests;
import io.vpnplane.connection.api.Views;
import io.vpnplane.connection.api.Writes;
import io.vpnplane.connection.persistence.ConnectionReadModel;
import io.vpnplane.connection.persistence.Folds;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;
import io.vpnplane.connection.persistence.StoredResource;
import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.vpngateway.VpnGateway;
import io.vpnplane.eventsourcing.StreamId;

/**
 * Neutron VPNaaS {@code /v2.0/vpn/vpnservices}: a VPN service is a VPN gateway of the native API, its
 * {@code router_id} the gateway's {@code vpcId} (REQ-B-001: one VPN service per router), so a service created
 * here is a gateway under {@code /v1/vpn-gateways} and vice versa.
 */
@Path("/v2.0/vpn/vpnservices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NeutronVpnServiceResource {

    static final String NOT_FOUND = "VPNServiceNotFound";

    @Inject
    CurrentAccount account;

    @Inject
    Writes writes;

    private static StreamId stream(String id) {
        return new StreamId(ConnectionReadModel.VPN_GATEWAY, id);
    }

    @POST
    public Uni<Response> create(String body, @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return neutron(() -> {
            String caller = account.id();
            JsonNode service = NeutronBodies.envelope(body, "vpnservice");
            NeutronBodies.tenantIs(service, caller);
            NeutronBodies.onlyAdminStateUp(service);
            NeutronBodies.attributes(service, Set.of("tenant_id", "project_id", "name", "description", "router_id",
                    "subnet_id", "admin_state_up", "flavor_id"), Set.of(), true);
            if (service.hasNonNull("subnet_id")) {
                throw NeutronRefusal.invalidInput("subnet_id",
                        "subnet_id is not supported; give the local subnets per site connection as endpoint groups");
            }
            if (service.hasNonNull("flavor_id")) {
                throw NeutronRefusal.invalidInput("flavor_id", "VPN flavors are not supported");
            }
            String routerId = NeutronBodies.requiredText(service, "router_id");
            ObjectNode gateway = JsonNodeFactory.instance.objectNode().put("vpcId", routerId)
                    .put("name", NeutronBodies.text(service, "name")).put("description", NeutronBodies.text(service, "description"));
            // A UUID, which python-neutronclient requires to look a service up by id.
            String id = UUID.randomUUID().toString();
            return writes.pool().withTransaction(tx -> ReadModelQueries.vpnGatewayOfVpc(tx, caller, routerId)
                    .map(existing -> VpnGateway.create(id, caller, gateway, existing))
                    .chain(created -> writes.append(tx, stream(id), 0, List.of(created), Requests.context(caller, requestId)))
                    .onFailure(NeutronVpnServiceResource::isOnePerRouterViolation)
                    .transform(e -> new ConflictingState("Conflict.VpnGatewayPerVpc", "router_id",
                            "router " + routerId + " already has a VPN service; a router has at most one"))
                    .chain(() -> ReadModelQueries.find(tx, Table.VPN_GATEWAY, id)))
                    .map(row -> Response.status(201).entity(wrapped(row.orElseThrow())).build());
        });
    }

    private static boolean isOnePerRouterViolation(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState())
                && "vpn_gateway_one_per_vpc".equals(pg.getConstraint());
    }

    @GET
    public Uni<Response> list(@Context UriInfo uri) {
        return neutron(() -> {
            NeutronQuery query = NeutronQuery.of(uri);
            String caller = account.id();
            return NeutronQuery.rows(writes.pool(), Table.VPN_GATEWAY, caller)
                    .map(rows -> Response.ok(query.list("vpnservices",
                            rows.stream().map(NeutronVpnServiceResource::view).toList(), uri)).build());
        });
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id, @Context UriInfo uri) {
        return neutron(() -> {
            NeutronQuery query = NeutronQuery.of(uri);
            String caller = account.id();
            return ReadModelQueries.find(writes.pool(), Table.VPN_GATEWAY, id)
                    .map(row -> row.filter(r -> r.accountId().equals(caller))
                            .map(stored -> Response.ok(query.show("vpnservice", view(stored))).build())
                            .orElseGet(() -> notFound(id)));
        });
    }

    @PUT
    @Path("/{id}")
    public Uni<Response> update(@PathParam("id") String id, String body, @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return neutron(() -> {
            String caller = account.id();
            JsonNode service = NeutronBodies.envelope(body, "vpnservice");
            NeutronBodies.attributes(service, Set.of("name", "description", "admin_state_up"), Set.of(), false);
            NeutronBodies.onlyAdminStateUp(service);
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            for (String field : List.of("name", "description")) {
                if (service.has(field)) {
                    patch.put(field, NeutronBodies.text(service, field));
                }
            }
            return writes.pool().withTransaction(tx -> writes.load(tx, stream(id), Folds.VPN_GATEWAY)
                    .chain(current -> {
                        if (!current.state().exists() || !current.state().state().accountId().equals(caller)) {
                            return Uni.createFrom().item(Optional.<StoredResource>empty());
                        }
                        var events = current.state().update(patch).stream().toList();
                        return writes.append(tx, stream(id), current.version(), events, Requests.context(caller, requestId))
                                .chain(() -> ReadModelQueries.find(tx, Table.VPN_GATEWAY, id));
                    }))
                    .map(row -> row.map(stored -> Response.ok(wrapped(stored)).build()).orElseGet(() -> notFound(id)));
        });
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return neutron(() -> {
            String caller = account.id();
            return writes.pool().withTransaction(tx -> ReadModelQueries.lockForDelete(tx, Table.VPN_GATEWAY, id)
                    .chain(() -> writes.load(tx, stream(id), Folds.VPN_GATEWAY))
                    .chain(current -> {
                        if (!current.state().exists() || !current.state().state().accountId().equals(caller)) {
                            return Uni.createFrom().item(notFound(id));
                        }
                        return ReadModelQueries.connectionsOnVpnGateway(tx, id).chain(users -> {
                            if (!users.isEmpty()) {
                                throw NeutronRefusal.inUse("VPNServiceInUse", "VPNService " + id + " is still in use");
                            }
                            return writes.append(tx, stream(id), current.version(),
                                    List.of(current.state().delete(users)), Requests.context(caller, requestId));
                        }).map(appended -> Response.noContent().build());
                    }));
        });
    }

    private static Response notFound(String id) {
        return NeutronErrors.notFound(NOT_FOUND, "VPNService " + id + " could not be found");
    }

    private static Uni<Response> neutron(Supplier<Uni<? extends Response>> call) {
        return NeutronCalls.answer(NOT_FOUND, call);
    }

    private static ObjectNode wrapped(StoredResource stored) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("vpnservice", view(stored));
        return answer;
    }

    /**
     * Neutron's attributes. A gateway has no admin state and no external address until tunnel-service places
     * tunnels, so the service is ACTIVE once it exists and the external addresses are null.
     */
    static ObjectNode view(StoredResource stored) {
        ObjectNode gateway = Views.vpnGateway(stored);
        ObjectNode service = JsonNodeFactory.instance.objectNode();
        service.put("id", stored.id());
        service.put("tenant_id", stored.accountId());
        service.put("project_id", stored.accountId());
        service.put("name", gateway.path("name").asText(""));
        service.put("description", gateway.path("description").asText(""));
        service.put("router_id", gateway.path("vpcId").asText());
        service.putNull("subnet_id");
        service.put("admin_state_up", true);
        service.put("status", "ACTIVE");
        service.putNull("external_v4_ip");
        service.putNull("external_v6_ip");
        service.putNull("flavor_id");
        return service;
    }
}
