package io.vpnplane.agent.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vpnplane.agent.ike.ChildSaRequest;
import io.vpnplane.agent.ike.TunnelStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The agent's admin API: tunnel state (REQ-TUN-012), initiate/terminate and additional CHILD_SAs. */
@Path("/agent/v1/tunnels")
@Produces(MediaType.APPLICATION_JSON)
public class TunnelResource {

    @Inject
    AgentRuntime runtime;

    @Inject
    ObjectMapper json;

    @GET
    public List<TunnelStatus> list() {
        return runtime.daemon().map(d -> d.status()).orElse(List.of());
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return runtime.daemon().flatMap(d -> d.status(id)).map(status -> {
            // The tunnel's state plus its health check (REQ-TUN-011), which lives in the data plane.
            ObjectNode body = json.valueToTree(status);
            runtime.healthCheck(id).ifPresent(h -> body.set("healthCheck", json.valueToTree(h)));
            return Response.ok(body).build();
        }).orElseGet(() -> notFound(id));
    }

    @POST
    @Path("/{id}/initiate")
    public Response initiate(@PathParam("id") String id) {
        boolean known = runtime.daemon().map(d -> d.initiate(id)).orElse(false);
        return known ? Response.accepted(Map.of("tunnelId", id, "action", "initiate")).build() : notFound(id);
    }

    @POST
    @Path("/{id}/terminate")
    public Response terminate(@PathParam("id") String id) {
        boolean known = runtime.daemon().map(d -> d.terminate(id)).orElse(false);
        return known ? Response.accepted(Map.of("tunnelId", id, "action", "terminate")).build() : notFound(id);
    }

    /** An additional CHILD_SA with the tunnel's selectors (RFC 7296 §1.3.1 CREATE_CHILD_SA). */
    @POST
    @Path("/{id}/children")
    public Response createChildSa(@PathParam("id") String id) {
        ChildSaRequest outcome = runtime.daemon().map(d -> d.createChildSa(id)).orElse(ChildSaRequest.NO_SUCH_TUNNEL);
        return switch (outcome) {
            case QUEUED -> Response.accepted(Map.of("tunnelId", id, "action", "createChildSa")).build();
            case NO_SUCH_TUNNEL -> notFound(id);
            case NOT_ESTABLISHED -> Response.status(409).type("application/problem+json").entity(Map.of(
                    "type", "about:blank", "title", "Conflict", "status", 409,
                    "detail", "tunnel " + id + " has no established IKE SA", "code", "TUNNEL_NOT_ESTABLISHED",
                    "field", "id")).build();
        };
    }

    private static Response notFound(String id) {
        // RFC 9457 problem details with a stable code and field.
        return Response.status(404).type("application/problem+json").entity(Map.of(
                "type", "about:blank", "title", "Not Found", "status", 404,
                "detail", "no tunnel " + id + " on this agent", "code", "TUNNEL_NOT_FOUND", "field", "id")).build();
    }
}
