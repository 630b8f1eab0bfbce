package io.vpnplane.connection.ipsec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.CurrentAccount;
import io.vpnplane.api.ETags;
import io.vpnplane.api.Problem;
import io.vpnplane.connection.api.ListQuery;
import io.vpnplane.connection.api.RequestBodies;
import io.vpnplane.connection.api.Requests;
import io.vpnplane.connection.api.Views;
import io.vpnplane.connection.api.Writes;
import io.vpnplane.connection.peerconfig.PeerConfigFormat;
import io.vpnplane.connection.placement.TunnelPlacementReadModel;
import io.vpnplane.connection.persistence.IdempotencyKeys;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;
import io.vpnplane.connection.persistence.StoredResource;
import io.vpnplane.connection.secrets.PreSharedKeyStore;
import io.vpnplane.events.EventJson;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.secret.TransitKey;

/** {@code /v1/ipsec-connections}: connections, their tunnels, BGP switch, attachment, grants and peer config. */
@Path("/v1/ipsec-connections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
public class IpsecConnectionResource {

    private static final String TYPE = "IpsecConnection";

    @Inject
    CurrentAccount account;

    @Inject
    Writes writes;

    @Inject
    TunnelPlacementReadModel placements;

    @Inject
    PreSharedKeyStore keys;

    @Inject
    IpsecConnectionStore store;

    @Inject
    TransitKey transitKey;

    @POST
    public Uni<Response> create(String body, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        String caller = account.id();
        JsonNode json = RequestBodies.object(body);
        return writes.idempotentCreate(caller, IdempotencyKeys.validated(idempotencyKey), "create-ipsec-connection",
                json, tx -> {
                    String id = Requests.newId("vco");
                    return IpsecConnectionStore.references(tx, caller, References.customerGatewayIdsIn(json), References.vpnGatewayIdsIn(json))
                            .map(refs -> IpsecConnection.create(id, caller, json, refs, () -> Requests.newId("tun"),
                                    transitKey))
                            .chain(decision -> store.persist(tx, id, 0, decision, caller, requestId)
                                    .map(Optional::orElseThrow)
                                    .map(row -> new Writes.Created(
                                            Views.withWarnings(Views.connection(row), decision.warnings()),
                                            "/v1/ipsec-connections/" + id, row.version())));
                });
    }

    @GET
    public Uni<Response> list(@QueryParam("limit") Integer limit, @QueryParam("pageToken") String pageToken,
            @QueryParam("name") String name, @QueryParam("tag") List<String> tags) {
        String caller = account.id();
        ListQuery query = ListQuery.of(limit, pageToken, name, tags);
        return ReadModelQueries.list(writes.pool(), Table.IPSEC_CONNECTION, caller, query.name(), query.tags(),
                        query.afterId(), query.limit())
                .map(page -> Response.ok(ListQuery.page(page, Views::connection)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id) {
        String caller = account.id();
        return owned(writes.pool(), caller, id).map(row -> Writes.ok(Views.connection(row), row.version()));
    }

    @PATCH
    @Path("/{id}")
    public Uni<Response> update(@PathParam("id") String id, String body, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        JsonNode patch = RequestBodies.object(body);
        return command(id, ifMatch, requestId, false, (tx, connection) ->
                IpsecConnectionStore.referencesOf(tx, connection.state(), Set.of(), Set.of())
                        .map(refs -> connection.update(patch, refs)));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return command(id, ifMatch, requestId, false, (tx, connection) -> {
            IpsecConnection.Decision decision = connection.delete();
            return store.deleteKeys(tx, id).replaceWith(decision);
        });
    }

    /** REQ-MOD-003: one tunnel at a time; {@code "preSharedKey": null} asks for a new generated key. */
    @PATCH
    @Path("/{id}/tunnels/{tunnelId}")
    public Uni<Response> changeTunnel(@PathParam("id") String id, @PathParam("tunnelId") String tunnelId, String body,
            @HeaderParam(ETags.IF_MATCH) String ifMatch, @HeaderParam(Requests.REQUEST_ID) String requestId) {
        JsonNode patch = RequestBodies.object(body);
        Set<String> cgw = patch.path("customerGatewayId").isTextual()
                ? Set.of(patch.get("customerGatewayId").textValue()) : Set.of();
        return command(id, ifMatch, requestId, false, (tx, connection) ->
                IpsecConnectionStore.referencesOf(tx, connection.state(), cgw, Set.of())
                        .map(refs -> connection.changeTunnel(tunnelId, patch, refs, transitKey)));
    }

    /** REQ-TUN-002: the owner reads a tunnel's key back, generated ones included. */
    @GET
    @Path("/{id}/tunnels/{tunnelId}/pre-shared-key")
    public Uni<Response> preSharedKey(@PathParam("id") String id, @PathParam("tunnelId") String tunnelId) {
        String caller = account.id();
        return owned(writes.pool(), caller, id).chain(row -> {
            IpsecConnectionState state = ReadModelQueries.read(row.state(), IpsecConnectionState.class);
            if (state.tunnels().stream().noneMatch(t -> t.id().equals(tunnelId))) {
                throw new io.vpnplane.connection.validation.ResourceNotFound("NotFound.Tunnel",
                        "the connection has no tunnel " + tunnelId);
            }
            return keys.read(writes.pool(), id, tunnelId);
        }).map(key -> Response.ok(EventJson.mapper().createObjectNode().put("tunnelId", tunnelId)
                .put("preSharedKey", key.reveal())).header("Cache-Control", "no-store").build());
    }

    /** REQ-TUN-010: BGP on or off after creation, with both tunnels' BGP addressing. */
    @PUT
    @Path("/{id}/bgp")
    public Uni<Response> setBgp(@PathParam("id") String id, String body, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        JsonNode json = RequestBodies.object(body);
        return command(id, ifMatch, requestId, false, (tx, connection) ->
                IpsecConnectionStore.referencesOf(tx, connection.state(), Set.of(), Set.of())
                        .map(refs -> connection.setBgp(json, refs)));
    }

    /** REQ-CONN-002, REQ-MOD-005: the owner, or a granted account for its own CEN instance, attaches. */
    @POST
    @Path("/{id}/attachment")
    public Uni<Response> attach(@PathParam("id") String id, String body, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        JsonNode json = RequestBodies.object(body);
        String caller = account.id();
        Set<String> vpn = json.path("vpnGatewayId").isTextual() ? Set.of(json.get("vpnGatewayId").textValue()) : Set.of();
        return command(id, ifMatch, requestId, true, (tx, connection) ->
                IpsecConnectionStore.referencesOf(tx, connection.state(), Set.of(), vpn)
                        .map(refs -> connection.attach(caller, json, refs)));
    }

    @DELETE
    @Path("/{id}/attachment")
    public Uni<Response> detach(@PathParam("id") String id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        String caller = account.id();
        return command(id, ifMatch, requestId, true,
                (tx, connection) -> Uni.createFrom().item(connection.detach(caller)));
    }

    /** REQ-MOD-005: authorize another account's CEN instance to attach this connection. */
    @POST
    @Path("/{id}/grants")
    public Uni<Response> addGrant(@PathParam("id") String id, String body, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        JsonNode json = RequestBodies.object(body);
        java.util.concurrent.atomic.AtomicReference<IpsecConnectionState.Grant> added =
                new java.util.concurrent.atomic.AtomicReference<>();
        return command(id, ifMatch, requestId, false, (tx, connection) -> {
            IpsecConnection.Decision decision = connection.addGrant(json);
            decision.events().forEach(e -> added.set(((io.vpnplane.events.connection.IpsecConnectionEvent.GrantAdded) e).grant()));
            return Uni.createFrom().item(decision);
        }).map(response -> Response.status(201).type(MediaType.APPLICATION_JSON)
                .tag(response.getEntityTag()).entity(EventJson.mapper().valueToTree(added.get())).build());
    }

    @GET
    @Path("/{id}/grants")
    public Uni<Response> grants(@PathParam("id") String id) {
        String caller = account.id();
        return owned(writes.pool(), caller, id).map(row -> {
            IpsecConnectionState state = ReadModelQueries.read(row.state(), IpsecConnectionState.class);
            ObjectNode body = EventJson.mapper().createObjectNode();
            ArrayNode items = body.putArray("items");
            state.grants().forEach(g -> items.add(EventJson.mapper().valueToTree(g)));
            return Writes.ok(body, row.version());
        });
    }

    @DELETE
    @Path("/{id}/grants")
    public Uni<Response> revokeGrant(@PathParam("id") String id, @QueryParam("peerAccountId") String peerAccountId,
            @QueryParam("cenInstanceId") String cenInstanceId, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        if (peerAccountId == null || cenInstanceId == null) {
            throw ApiProblemException.invalidParameter(new Problem.FieldError("MissingParameter.Grant",
                    peerAccountId == null ? "peerAccountId" : "cenInstanceId",
                    "name the grant: ?peerAccountId=…&cenInstanceId=…"));
        }
        return command(id, ifMatch, requestId, false,
                (tx, connection) -> Uni.createFrom().item(connection.revokeGrant(peerAccountId, cenInstanceId)))
                .map(response -> Response.noContent().build());
    }

    /** REQ-PEER-001: a configuration the on-premises device loads as is. */
    @GET
    @Path("/{id}/peer-config")
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public Uni<Response> peerConfig(@PathParam("id") String id, @QueryParam("format") String format,
            @QueryParam("encap") boolean encap) {
        String caller = account.id();
        PeerConfigFormat chosen = PeerConfigFormat.parse(format);
        return owned(writes.pool(), caller, id).chain(row -> {
            IpsecConnectionState state = ReadModelQueries.read(row.state(), IpsecConnectionState.class);
            Map<String, PreSharedKey> tunnelKeys = new HashMap<>();
            Map<String, String> gatewayIps = new HashMap<>();
            return Multi.createFrom().iterable(state.tunnels())
                    .onItem().transformToUniAndConcatenate(t -> keys.read(writes.pool(), id, t.id())
                            .invoke(k -> tunnelKeys.put(t.id(), k)))
                    .collect().last()
                    .call(() -> placements.ofConnection(writes.pool(), id).invoke(placed -> placed.values()
                            .forEach(p -> p.gatewayIp().ifPresent(ip -> gatewayIps.put(p.tunnelId(), ip)))))
                    .map(ignored -> Response.ok(chosen.render(state, tunnelKeys, gatewayIps, encap), MediaType.TEXT_PLAIN)
                            .header("Content-Disposition", "attachment; filename=\"" + id + chosen.fileSuffix() + "\"")
                            .header("Cache-Control", "no-store").build());
        });
    }

    // ---- shared command path

    private Uni<Response> command(String id, String ifMatch, String requestId, boolean granteesToo,
            BiFunction<SqlConnection, IpsecConnection, Uni<IpsecConnection.Decision>> decide) {
        String caller = account.id();
        ETags.expectedVersion(ifMatch);
        return writes.pool().withTransaction(tx -> store.load(tx, id)
                .chain(current -> {
                    IpsecConnection connection = current.state();
                    boolean grantee = granteesToo && connection.exists() && connection.state().grants().stream()
                            .anyMatch(g -> g.peerAccountId().equals(caller));
                    if (!connection.exists() || (!connection.ownedBy(caller) && !grantee)) {
                        throw ApiProblemException.notFound(TYPE, id);
                    }
                    ETags.requireMatch(ifMatch, current.version());
                    return decide.apply(tx, connection).chain(decision ->
                            store.persist(tx, id, current.version(), decision, caller, requestId)
                                    .map(row -> row.map(r -> Writes.ok(Views.withWarnings(Views.connection(r),
                                            decision.warnings()), r.version())).orElseGet(() ->
                                            Response.noContent().build())));
                }));
    }

    private static Uni<StoredResource> owned(SqlClient client, String caller, String id) {
        return ReadModelQueries.find(client, Table.IPSEC_CONNECTION, id).map(row -> row
                .filter(r -> r.accountId().equals(caller))
                .orElseThrow(() -> ApiProblemException.notFound(TYPE, id)));
    }
}
