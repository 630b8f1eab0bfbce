package io.vpnplane.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpnplane.eventsourcing.StreamVersionConflict;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** A stand-in service resource that fails in every way a real one can. */
@Path("/test")
@Produces(MediaType.APPLICATION_JSON)
public class ConventionsTestResource {

    public enum Role {
        @JsonProperty("master") MASTER,
        @JsonProperty("slave") SLAVE
    }

    public record BgpOptions(@NotBlank String tunnelCidr, @Min(1) @Max(4294967295L) long localAsn) {
        public BgpOptions {
            if (tunnelCidr != null && !tunnelCidr.isBlank() && !tunnelCidr.contains("/")) {
                throw new IllegalArgumentException("tunnelCidr must be a CIDR like 169.254.10.0/30");
            }
        }
    }

    public record TunnelOptions(@Valid @NotNull BgpOptions bgp, Role role) {
    }

    public record ConnectionRequest(@NotBlank String name, @NotNull @Size(min = 1, max = 2) List<@Valid TunnelOptions> tunnels, Integer mtu) {
    }

    @Inject
    CurrentAccount account;

    @POST
    @Path("/connections")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> create(@Valid @NotNull ConnectionRequest body) {
        return Map.of("account", account.id(), "name", body.name(), "tunnels", body.tunnels().size());
    }

    @GET
    @Path("/whoami")
    public Map<String, String> whoami() {
        return Map.of("account", account.id());
    }

    @GET
    @Path("/gateways/{owner}/{id}")
    public Map<String, String> ownedGateway(@PathParam("owner") String owner, @PathParam("id") String id) {
        account.requireOwns(owner, "VpnGateway", id);
        return Map.of("id", id);
    }

    @GET
    @Path("/missing/{id}")
    public Response missing(@PathParam("id") String id) {
        throw ApiProblemException.notFound("IpsecConnection", id);
    }

    @GET
    @Path("/several-wrong")
    public Response severalWrong() {
        throw ApiProblemException.invalidParameters(List.of(
                Problem.FieldError.invalid("tunnels[0].bgp.tunnelCidr", "overlaps tunnels[1].bgp.tunnelCidr"),
                Problem.FieldError.invalid("tunnels[1].bgp.tunnelCidr", "overlaps tunnels[0].bgp.tunnelCidr")));
    }

    @GET
    @Path("/in-use")
    public Response inUse() {
        throw ApiProblemException.conflict("InUse", "the VPN gateway still has connections");
    }

    @GET
    @Path("/versioned")
    public Response versioned() {
        return Response.ok(Map.of("version", 7)).tag(ETags.entityTag(7)).build();
    }

    /** Compares If-Match with the current version (7) before doing anything. */
    @PUT
    @Path("/versioned")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@HeaderParam(ETags.IF_MATCH) String ifMatch, Map<String, Object> body) {
        ETags.requireMatch(ifMatch, 7);
        return Response.ok(Map.of("version", 8)).tag(ETags.entityTag(8)).build();
    }

    /**
     * An append that lost a race: the service appended at the If-Match version (or its own read
     * version 7 without one) and the store found version 9.
     */
    @PUT
    @Path("/racing")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response racing(@HeaderParam(ETags.IF_MATCH) String ifMatch, Map<String, Object> body) {
        long expected = ETags.expectedVersion(ifMatch).orElse(7);
        throw new StreamVersionConflict("conn-1", expected, 9);
    }

    @GET
    @Path("/page")
    public Map<String, Integer> page(@QueryParam("limit") @Min(1) @Max(100) int limit) {
        return Map.of("limit", limit);
    }

    @GET
    @Path("/boom")
    public Response boom() {
        throw new IllegalStateException("connection to postgresql://admin:hunter2@db failed");
    }

    /** A service reading its own stored JSON and failing: our bug, not the client's. */
    @GET
    @Path("/corrupt-stored-json")
    public Map<?, ?> corruptStoredJson() throws JsonProcessingException {
        return new ObjectMapper().readValue("{\"tunnels\": [1, 2", Map.class);
    }

    @GET
    @Path("/bad-return")
    public @Size(max = 1) List<String> badReturn() {
        return List.of("a", "b");
    }

    @GET
    @Path("/public")
    @PermitAll
    public Map<String, String> open() {
        return Map.of("hello", "world");
    }
}
