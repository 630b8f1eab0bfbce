package io.vpnplane.connection.neutron;

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

/** Neutron VPNaaS {@code /v2.0/vpn/ipsecpolicies}: IPsec policies (REQ-B-006), see {@link IpsecPolicies}. */
@Path("/v2.0/vpn/ipsecpolicies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NeutronIpsecPolicyResource {

    @Inject
    NeutronResources resources;

    @POST
    public Uni<Response> create(String body, @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return resources.create(IpsecPolicies.KIND, body, requestId);
    }

    @GET
    public Uni<Response> list(@Context UriInfo uri) {
        return resources.list(IpsecPolicies.KIND, uri);
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id, @Context UriInfo uri) {
        return resources.get(IpsecPolicies.KIND, id, uri);
    }

    @PUT
    @Path("/{id}")
    public Uni<Response> update(@PathParam("id") String id, String body,
            @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return resources.update(IpsecPolicies.KIND, id, body, requestId);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam(Requests.REQUEST_ID) String requestId) {
        return resources.delete(IpsecPolicies.KIND, id, requestId);
    }
}
