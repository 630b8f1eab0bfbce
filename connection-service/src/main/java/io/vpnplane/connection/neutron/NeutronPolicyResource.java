package io.vpnplane.connection.neutron;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

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

import io.smallrye.mutiny.Uni;
import io.vpnplane.connection.api.Requests;

/**
 * Neutron VPNaaS {@code /v2.0/vpn/ikepolicies} ({@link IkePolicies}, REQ-B-005), {@code /v2.0/vpn/ipsecpolicies}
 * ({@link IpsecPolicies}, REQ-B-006) and {@code /v2.0/vpn/endpoint-groups} ({@link EndpointGroups}): what site
 * connections take their settings from, all with the same five operations.
 */
@Path("/v2.0/vpn/{kind: ikepolicies|ipsecpolicies|endpoint-groups}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NeutronPolicyResource {

    private static final Map<String, NeutronResourceKind<?>> KINDS = List.<NeutronResourceKind<?>>of(
                    IkePolicies.KIND, IpsecPolicies.KIND, EndpointGroups.KIND).stream()
            .collect(Collectors.toUnmodifiableMap(k -> k.names().path(), Function.identity()));

    @Inject
    NeutronResources resources;

    @POST
    public Uni<Response> create(@PathParam("kind") String kind, String body,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return resources.create(KINDS.get(kind), body, requestId);
    }

    @GET
    public Uni<Response> list(@PathParam("kind") String kind, @Context UriInfo uri) {
        return resources.list(KINDS.get(kind), uri);
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("kind") String kind, @PathParam("id") String id, @Context UriInfo uri) {
        return resources.get(KINDS.get(kind), id, uri);
    }

    @PUT
    @Path("/{id}")
    public Uni<Response> update(@PathParam("kind") String kind, @PathParam("id") String id, String body,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return resources.update(KINDS.get(kind), id, body, requestId);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("kind") String kind, @PathParam("id") String id,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return resources.delete(KINDS.get(kind), id, requestId);
    }
}
