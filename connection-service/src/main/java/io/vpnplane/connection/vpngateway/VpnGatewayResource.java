package io.vpnplane.connection.vpngateway;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.CurrentAccount;
import io.vpnplane.api.ETags;
import io.vpnplane.connection.api.ListQuery;
import io.vpnplane.connection.api.RequestBodies;
import io.vpnplane.connection.api.Requests;
import io.vpnplane.connection.api.Views;
import io.vpnplane.connection.api.Writes;
import io.vpnplane.connection.persistence.ConnectionReadModel;
import io.vpnplane.connection.persistence.Folds;
import io.vpnplane.connection.persistence.IdempotencyKeys;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;
import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.eventsourcing.StreamId;

/** {@code /v1/vpn-gateways}: the cloud-side gateways, at most one per VPC and account (REQ-B-001). */
@Path("/v1/vpn-gateways")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
public class VpnGatewayResource {

    private static final String TYPE = "VpnGateway";

    @Inject
    CurrentAccount account;

    @Inject
    Writes writes;

    static StreamId stream(String id) {
        return new StreamId(ConnectionReadModel.VPN_GATEWAY, id);
    }

    @POST
    public Uni<Response> create(String body, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        String caller = account.id();
        JsonNode json = RequestBodies.object(body);
        return writes.idempotentCreate(caller, IdempotencyKeys.validated(idempotencyKey), "create-vpn-gateway",
                json, tx -> {
                    String id = Requests.newId("vpngw");
                    String vpcId = json.path("vpcId").isTextual() ? json.get("vpcId").textValue() : "";
                    // REQ-B-001: the unique (account, vpc) constraint backs this check up under concurrency.
                    return ReadModelQueries.vpnGatewayOfVpc(tx, caller, vpcId)
                            .map(existing -> VpnGateway.create(id, caller, json, existing))
                            .chain(created -> writes.append(tx, stream(id), 0, List.of(created),
                                    Requests.context(caller, requestId)))
                            .onFailure(VpnGatewayResource::isOnePerVpcViolation)
                            .transform(e -> new ConflictingState("Conflict.VpnGatewayPerVpc", "vpcId",
                                    "VPC " + vpcId + " already has a VPN gateway; a VPC has at most one"))
                            .chain(() -> ReadModelQueries.find(tx, Table.VPN_GATEWAY, id))
                            .map(row -> new Writes.Created(Views.vpnGateway(row.orElseThrow()),
                                    "/v1/vpn-gateways/" + id, row.get().version()));
                });
    }

    private static boolean isOnePerVpcViolation(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState())
                && "vpn_gateway_one_per_vpc".equals(pg.getConstraint());
    }

    @GET
    public Uni<Response> list(@QueryParam("limit") Integer limit, @QueryParam("pageToken") String pageToken,
            @QueryParam("name") String name, @QueryParam("tag") List<String> tags) {
        String caller = account.id();
        ListQuery query = ListQuery.of(limit, pageToken, name, tags);
        return ReadModelQueries.list(writes.pool(), Table.VPN_GATEWAY, caller, query.name(), query.tags(),
                        query.afterId(), query.limit())
                .map(page -> Response.ok(ListQuery.page(page, Views::vpnGateway)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id) {
        String caller = account.id();
        return ReadModelQueries.find(writes.pool(), Table.VPN_GATEWAY, id).map(row -> {
            var stored = row.filter(r -> r.accountId().equals(caller))
                    .orElseThrow(() -> ApiProblemException.notFound(TYPE, id));
            return Writes.ok(Views.vpnGateway(stored), stored.version());
        });
    }

    @PATCH
    @Path("/{id}")
    public Uni<Response> update(@PathParam("id") String id, String body, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        String caller = account.id();
        JsonNode patch = RequestBodies.object(body);
        ETags.expectedVersion(ifMatch);
        return writes.pool().withTransaction(tx -> writes.load(tx, stream(id), Folds.VPN_GATEWAY)
                .chain(current -> {
                    if (!current.state().exists() || !current.state().state().accountId().equals(caller)) {
                        throw ApiProblemException.notFound(TYPE, id);
                    }
                    ETags.requireMatch(ifMatch, current.version());
                    var events = current.state().update(patch).stream().toList();
                    return writes.append(tx, stream(id), current.version(), events, Requests.context(caller, requestId));
                })
                .chain(() -> ReadModelQueries.find(tx, Table.VPN_GATEWAY, id))
                .map(row -> Writes.ok(Views.vpnGateway(row.orElseThrow()), row.get().version())));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        String caller = account.id();
        ETags.expectedVersion(ifMatch);
        return writes.pool().withTransaction(tx -> ReadModelQueries.lockForDelete(tx, Table.VPN_GATEWAY, id)
                .chain(() -> writes.load(tx, stream(id), Folds.VPN_GATEWAY))
                .chain(current -> {
                    if (!current.state().exists() || !current.state().state().accountId().equals(caller)) {
                        throw ApiProblemException.notFound(TYPE, id);
                    }
                    ETags.requireMatch(ifMatch, current.version());
                    return ReadModelQueries.connectionsOnVpnGateway(tx, id)
                            .chain(users -> writes.append(tx, stream(id), current.version(),
                                    List.of(current.state().delete(users)), Requests.context(caller, requestId)));
                }))
                .map(appended -> Response.noContent().build());
    }
}
