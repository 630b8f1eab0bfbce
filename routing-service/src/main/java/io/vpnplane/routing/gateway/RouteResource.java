package io.vpnplane.routing.gateway;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.CurrentAccount;
import io.vpnplane.api.ETags;
import io.vpnplane.api.Problem;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.events.routing.RouteUnpublishedFromVpc;
import io.vpnplane.routing.address.Ipv4Address;
import io.vpnplane.routing.address.Ipv4Cidr;
import io.vpnplane.routing.selection.EffectiveRoute;
import io.vpnplane.routing.table.RouteEntry;
import io.vpnplane.routing.table.RouteRuleViolation;
import io.vpnplane.routing.table.RouteSource;
import io.vpnplane.routing.table.Weight;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Destination-based routes of a VPN gateway (REQ-RT-001…008), its effective routes and longest-prefix lookups.
 * Every write answers with the route table's new version as ETag and honours {@code If-Match}.
 */
@Path("/v1/vpn-gateways/{vpnGatewayId}")
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    @Inject
    Pool pool;

    @Inject
    RouteTableCommands commands;

    @Inject
    RoutingReadModel readModel;

    @Inject
    CurrentAccount currentAccount;

    /** REQ-RT-001 input; every member optional at the JSON level so missing ones get our own codes. */
    public record CreateRouteRequest(String destinationCidr, String nextHopType, String nextHop, Boolean publishToVpc, Integer weight) {
    }

    public record WeightRequest(Integer weight) {
    }

    public record RouteView(String routeId, String vpnGatewayId, String destinationCidr, String nextHopType, String nextHop,
            boolean publishToVpc, int weight, String state, String source, boolean propagateToTransitRouter, Instant createdAt) {

        static RouteView of(String vpnGatewayId, RouteEntry e) {
            return new RouteView(e.routeId(), vpnGatewayId, e.destination().toString(), RouteEntry.NEXT_HOP_TYPE, e.nextHop(),
                    e.publishedToVpc(), e.weight().value(), e.state(), e.source().wireName(), e.propagateToTransitRouter(), e.createdAt());
        }
    }

    public record RouteList(List<RouteView> routes) {
    }

    /** REQ-RT-008 made explicit: the policy routes this deletion also removed from the VPC. */
    public record DeletedRoute(RouteView deletedRoute, List<RouteView> unpublishedPolicyRoutes) {
    }

    public record EffectiveRouteView(String destinationCidr, String source, RouteView route, String reason, String explanation,
            List<RouteView> notInEffect) {

        static EffectiveRouteView of(String vpnGatewayId, EffectiveRoute r) {
            return new EffectiveRouteView(r.destination().toString(), r.source().wireName(), RouteView.of(vpnGatewayId, r.entry()),
                    r.reason().wireName(), r.reason().explanation(),
                    r.notInEffect().stream().map(e -> RouteView.of(vpnGatewayId, e)).toList());
        }
    }

    public record EffectiveRouteList(List<EffectiveRouteView> effectiveRoutes) {
    }

    public record LookupView(String destination, String matchedPrefix, String source, RouteView route, String reason,
            String explanation, List<String> sourcesWithoutMatch) {
    }

    @POST
    @Path("/routes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("vpnGatewayId") String vpnGatewayId, CreateRouteRequest request,
            @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        String account = currentAccount.id();
        NewRoute route = NewRoute.validate(request);
        String routeId = "rte-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        return write(account, vpnGatewayId, ifMatch, (loaded, cause) -> loaded.table().addStatic(routeId, route.destination(),
                route.nextHop(), route.weight(), route.publishToVpc(), loaded.facts().propagatingConnections().contains(route.nextHop()),
                loaded.facts().gatewayConnections(),
                loaded.facts().links(), cause))
                .map(applied -> Response.created(URI.create("/v1/vpn-gateways/" + vpnGatewayId + "/routes/" + routeId))
                        .tag(ETags.entityTag(applied.version()))
                        .entity(RouteView.of(vpnGatewayId, applied.table().entry(routeId).orElseThrow()))
                        .build());
    }

    @GET
    @Path("/routes")
    public Uni<Response> list(@PathParam("vpnGatewayId") String vpnGatewayId) {
        String account = currentAccount.id();
        return read(account, vpnGatewayId, loaded -> Response.ok(new RouteList(loaded.table().entries().values().stream()
                .map(e -> RouteView.of(vpnGatewayId, e)).toList())).tag(ETags.entityTag(loaded.version())).build());
    }

    @GET
    @Path("/routes/{routeId}")
    public Uni<Response> get(@PathParam("vpnGatewayId") String vpnGatewayId, @PathParam("routeId") String routeId) {
        String account = currentAccount.id();
        return read(account, vpnGatewayId, loaded -> Response.ok(RouteView.of(vpnGatewayId, loaded.table().entry(routeId)
                .orElseThrow(() -> routeNotFound(vpnGatewayId, routeId)))).tag(ETags.entityTag(loaded.version())).build());
    }

    @DELETE
    @Path("/routes/{routeId}")
    public Uni<Response> delete(@PathParam("vpnGatewayId") String vpnGatewayId, @PathParam("routeId") String routeId,
            @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        String account = currentAccount.id();
        return write(account, vpnGatewayId, ifMatch, (loaded, cause) -> loaded.table().deleteStatic(routeId, loaded.facts().links(), cause))
                .map(applied -> {
                    RouteView deleted = RouteView.of(vpnGatewayId, applied.before().entry(routeId).orElseThrow());
                    List<RouteView> unpublished = applied.events().stream()
                            .filter(RouteUnpublishedFromVpc.class::isInstance)
                            .map(RouteUnpublishedFromVpc.class::cast)
                            .filter(e -> e.cause() == RouteUnpublishedFromVpc.Cause.DESTINATION_ROUTE_DELETED)
                            .map(e -> RouteView.of(vpnGatewayId, applied.table().entry(e.routeId()).orElseThrow()))
                            .toList();
                    return Response.ok(new DeletedRoute(deleted, unpublished)).tag(ETags.entityTag(applied.version())).build();
                });
    }

    @POST
    @Path("/routes/{routeId}/publish")
    public Uni<Response> publish(@PathParam("vpnGatewayId") String vpnGatewayId, @PathParam("routeId") String routeId,
            @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        String account = currentAccount.id();
        return write(account, vpnGatewayId, ifMatch, (loaded, cause) -> loaded.table().publish(routeId))
                .map(applied -> routeAnswer(vpnGatewayId, routeId, applied));
    }

    @POST
    @Path("/routes/{routeId}/unpublish")
    public Uni<Response> unpublish(@PathParam("vpnGatewayId") String vpnGatewayId, @PathParam("routeId") String routeId,
            @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        String account = currentAccount.id();
        return write(account, vpnGatewayId, ifMatch, (loaded, cause) -> loaded.table().unpublish(routeId))
                .map(applied -> routeAnswer(vpnGatewayId, routeId, applied));
    }

    /** REQ-RT-006, the seed-A cloud's ModifyVpnRouteEntryWeight. */
    @PUT
    @Path("/routes/{routeId}/weight")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> changeWeight(@PathParam("vpnGatewayId") String vpnGatewayId, @PathParam("routeId") String routeId,
            WeightRequest request, @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        String account = currentAccount.id();
        Weight weight = NewRoute.weight(request == null ? null : request.weight(), Weight.ACTIVE, true);
        return write(account, vpnGatewayId, ifMatch, (loaded, cause) -> loaded.table().changeWeight(routeId, weight,
                loaded.facts().links(), cause))
                .map(applied -> routeAnswer(vpnGatewayId, routeId, applied));
    }

    /** REQ-RT-005: per destination and source, the entry forwarding uses now and why. */
    @GET
    @Path("/effective-routes")
    public Uni<Response> effectiveRoutes(@PathParam("vpnGatewayId") String vpnGatewayId) {
        String account = currentAccount.id();
        return read(account, vpnGatewayId, loaded -> Response.ok(new EffectiveRouteList(loaded.table()
                .effective(loaded.facts().links()).routes().stream()
                .map(r -> EffectiveRouteView.of(vpnGatewayId, r)).toList())).tag(ETags.entityTag(loaded.version())).build());
    }

    /** REQ-RT-004 and REQ-X-001: which entry a packet to {@code destination} takes, and why. */
    @GET
    @Path("/lookup")
    public Uni<Response> lookup(@PathParam("vpnGatewayId") String vpnGatewayId, @QueryParam("destination") String destination) {
        String account = currentAccount.id();
        Ipv4Address address = Ipv4Address.parse(destination).orElseThrow(() -> ApiProblemException.invalidParameter(
                new Problem.FieldError("InvalidParameter.Destination", "destination",
                        "destination must be an IPv4 address such as 192.168.1.10")));
        return read(account, vpnGatewayId, loaded -> {
            var match = loaded.table().effective(loaded.facts().links()).lookup(address).orElseThrow(() ->
                    new ApiProblemException(Problem.of(404, "NotFound.Route", "no effective route of VPN gateway " + vpnGatewayId
                            + " contains " + address).withField("destination")));
            EffectiveRoute route = match.route();
            String explanation = "longest prefix match among " + route.source().wireName() + " routes"
                    + (match.sourcesWithoutMatch().isEmpty() ? "" : " (no " + match.sourcesWithoutMatch().stream()
                            .map(RouteSource::wireName).toList() + " route matches; REQ-X-001 tries policy, static, bgp in that order)")
                    + "; " + route.reason().explanation();
            return Response.ok(new LookupView(address.toString(), route.destination().toString(), route.source().wireName(),
                    RouteView.of(vpnGatewayId, route.entry()), route.reason().wireName(), explanation,
                    match.sourcesWithoutMatch().stream().map(RouteSource::wireName).toList())).build();
        });
    }

    @FunctionalInterface
    interface Command {
        RouteTable.Decision decide(RouteTableCommands.Loaded loaded, RouteTable.Cause cause);
    }

    private Uni<RouteTableCommands.Applied> write(String account, String vpnGatewayId, String ifMatch, Command command) {
        EventContext context = EventContext.of(account, UUID.randomUUID().toString());
        return pool.withTransaction(tx -> requireGateway(tx, account, vpnGatewayId)
                        .chain(() -> commands.execute(tx, vpnGatewayId, context, loaded -> {
                            ETags.requireMatch(ifMatch, loaded.version());
                            return command.decide(loaded, RouteTable.Cause.request(commands.clock().instant()));
                        })))
                .onFailure(RouteTableCommands.Refused.class)
                .transform(e -> problem(((RouteTableCommands.Refused) e).violation()));
    }

    private <T> Uni<T> read(String account, String vpnGatewayId, java.util.function.Function<RouteTableCommands.Loaded, T> answer) {
        return pool.withTransaction(tx -> requireGateway(tx, account, vpnGatewayId)
                .chain(() -> commands.load(tx, vpnGatewayId))
                .map(answer));
    }

    private Uni<Void> requireGateway(SqlConnection tx, String account, String vpnGatewayId) {
        return readModel.gateway(tx, vpnGatewayId).map(gateway -> {
            if (gateway.isEmpty() || !gateway.get().accountId().equals(account)) {
                throw ApiProblemException.notFound("VpnGateway", vpnGatewayId);
            }
            return null;
        }).replaceWithVoid();
    }

    private static Response routeAnswer(String vpnGatewayId, String routeId, RouteTableCommands.Applied applied) {
        return Response.ok(RouteView.of(vpnGatewayId, applied.table().entry(routeId).orElseThrow()))
                .tag(ETags.entityTag(applied.version())).build();
    }

    private static ApiProblemException routeNotFound(String vpnGatewayId, String routeId) {
        return new ApiProblemException(Problem.of(404, "NotFound.Route", "route " + routeId + " does not exist on VPN gateway "
                + vpnGatewayId).withField("routeId"));
    }

    static ApiProblemException problem(RouteRuleViolation violation) {
        return switch (violation.kind()) {
            case INVALID -> ApiProblemException.invalidParameter(new Problem.FieldError(violation.code(), violation.field(), violation.detail()));
            case NOT_FOUND -> new ApiProblemException(Problem.of(404, violation.code(), violation.detail()).withField(violation.field()));
            case CONFLICT -> new ApiProblemException(Problem.of(409, violation.code(), violation.detail()).withField(violation.field()));
        };
    }

    /** A create request after field validation. */
    record NewRoute(Ipv4Cidr destination, String nextHop, Weight weight, boolean publishToVpc) {

        static NewRoute validate(CreateRouteRequest request) {
            if (request == null) {
                throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.Body", "",
                        "a JSON body with destinationCidr and nextHop is required"));
            }
            Ipv4Cidr destination = switch (Ipv4Cidr.parse(request.destinationCidr())) {
                case Ipv4Cidr.ParseResult.Parsed p -> p.cidr();
                case Ipv4Cidr.ParseResult.Refused r -> throw ApiProblemException.invalidParameter(
                        new Problem.FieldError("InvalidParameter.DestinationCidr", "destinationCidr", "destinationCidr " + r.reason()));
            };
            if (request.nextHopType() != null && !RouteEntry.NEXT_HOP_TYPE.equals(request.nextHopType())) {
                throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.NextHopType", "nextHopType",
                        "nextHopType must be " + RouteEntry.NEXT_HOP_TYPE));
            }
            if (request.nextHop() == null || request.nextHop().isBlank()) {
                throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.NextHop", "nextHop",
                        "nextHop (an IPsec connection id of this VPN gateway) is required"));
            }
            return new NewRoute(destination, request.nextHop(), weight(request.weight(), Weight.ACTIVE, false),
                    Optional.ofNullable(request.publishToVpc()).orElse(true));
        }

        static Weight weight(Integer value, Weight fallback, boolean required) {
            if (value == null && !required) {
                return fallback;
            }
            return Optional.ofNullable(value).flatMap(Weight::of).orElseThrow(() -> ApiProblemException.invalidParameter(
                    new Problem.FieldError("InvalidParameter.Weight", "weight", "weight must be 100 (active) or 0 (standby)")));
        }
    }
}
