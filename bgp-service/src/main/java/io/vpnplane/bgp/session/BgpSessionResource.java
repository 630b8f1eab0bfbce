package io.vpnplane.bgp.session;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.CurrentAccount;
import io.vpnplane.api.Problem;
import io.vpnplane.bgp.decision.ReceivedRouteStore;
import io.vpnplane.bgp.rib.ImportPolicy;
import io.vpnplane.bgp.rib.Ipv4Prefix;
import io.vpnplane.bgp.rib.LearnedRoute;
import io.vpnplane.bgp.rib.PathKind;
import io.vpnplane.eventsourcing.EventContext;

/**
 * BGP sessions of the caller's VPN gateways: the IPsec ones bgp-service derives from BGP-enabled tunnels (read-only
 * here; they follow the connection, REQ-TUN-008/010) and the leased-line ones (the VBR of seed 002) operators define
 * with POST and remove with DELETE. Each shows the state its gateway node last reported, what it received (its
 * Adj-RIB-In, with the best path marked) and what the cloud side advertises on it.
 */
@Path("/v1/bgp-sessions")
@Produces(MediaType.APPLICATION_JSON)
public class BgpSessionResource {

    private static final String TYPE = "BgpSession";
    private static final ImportPolicy POLICY = new ImportPolicy();

    @Inject
    Pool pool;

    @Inject
    CurrentAccount account;

    @Inject
    BgpSessionReadModel readModel;

    @Inject
    BgpSessionCommands commands;

    @Inject
    ReceivedRouteStore routes;

    /** Every member optional at the JSON level so a missing one gets our own code and field. */
    public record LeasedLineSessionRequest(String name, String vpnGatewayId, String localAsn, String peerAsn, String localAddress,
            String peerAddress, String nodeId, List<String> advertisedPrefixes) {
    }

    public record SessionView(String id, String name, String type, String vpnGatewayId, long localAsn, long peerAsn,
            String localAddress, String peerAddress, Optional<String> nodeId, Optional<String> ipsecConnectionId,
            Optional<String> tunnelId, List<String> advertisedPrefixes, String state, Optional<String> peerRouterId,
            Optional<String> stateReason, Optional<Instant> stateObservedAt, Instant createdAt, Instant updatedAt) {

        static SessionView of(StoredSession s) {
            return new SessionView(s.spec().sessionId(), s.name(), typeOf(s.kind()), s.spec().vpnGatewayId(),
                    s.spec().localAsn().value(), s.spec().peerAsn().value(), s.spec().localAddress(), s.spec().peerAddress(),
                    s.nodeId(), s.spec().ipsecConnectionId(), s.spec().tunnelId(), s.advertisedPrefixes(), s.state().name(),
                    s.peerRouterId(), s.stateReason(), s.stateObservedAt(), s.createdAt(), s.updatedAt());
        }
    }

    public record SessionList(List<SessionView> items) {
    }

    public record ReceivedRouteView(String prefix, String nextHop, List<Long> asPath, String origin, long localPref, long med,
            boolean best) {
    }

    public record ReceivedRouteList(String sessionId, List<ReceivedRouteView> items) {
    }

    public record AdvertisedRouteList(String sessionId, List<String> items) {
    }

    static String typeOf(PathKind kind) {
        return kind == PathKind.LEASED_LINE ? "leased-line" : "ipsec";
    }

    @GET
    public Uni<SessionList> list(@QueryParam("vpnGatewayId") String vpnGatewayId) {
        return readModel.ofAccount(pool, account.id(), Optional.ofNullable(vpnGatewayId))
                .map(sessions -> new SessionList(sessions.stream().map(SessionView::of).toList()));
    }

    @GET
    @Path("/{id}")
    public Uni<SessionView> get(@PathParam("id") String id) {
        return owned(id).map(SessionView::of);
    }

    @GET
    @Path("/{id}/received-routes")
    public Uni<ReceivedRouteList> received(@PathParam("id") String id) {
        return owned(id).chain(session -> routes.received(pool, List.of(id)).chain(received ->
                routes.best(pool, session.spec().vpnGatewayId()).map(best -> new ReceivedRouteList(id, received.stream()
                        .map(r -> view(r, best.stream().anyMatch(b -> b.route().sessionId().equals(id)
                                && b.prefix().equals(r.prefix().toString()))))
                        .toList()))));
    }

    @GET
    @Path("/{id}/advertised-routes")
    public Uni<AdvertisedRouteList> advertised(@PathParam("id") String id) {
        return owned(id).map(session -> new AdvertisedRouteList(id, session.advertisedPrefixes()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(LeasedLineSessionRequest request) {
        String caller = account.id();
        if (request == null) {
            throw ApiProblemException.invalidParameter("vpnGatewayId", "a leased-line BGP session needs a body");
        }
        SessionSpec spec = validated(caller, "bgpll-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17), request);
        List<String> advertised = request.advertisedPrefixes() == null ? List.of()
                : request.advertisedPrefixes().stream().map(p -> Ipv4Prefix.of(p).toString()).toList();
        String name = request.name() == null ? spec.sessionId() : request.name();
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT account_id FROM bgp_vpn_gateway WHERE id = $1 AND NOT deleted")
                        .execute(Tuple.of(spec.vpnGatewayId()))
                        .chain(rows -> {
                            if (rows.size() == 0 || !caller.equals(rows.iterator().next().getString("account_id"))) {
                                throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.VpnGatewayId",
                                        "vpnGatewayId", "no VPN gateway " + spec.vpnGatewayId() + " in this account"));
                            }
                            return commands.configure(tx, BgpSessionCommands.configured(spec, Optional.of(request.nodeId()),
                                    advertised), name, EventContext.of(caller, UUID.randomUUID().toString()));
                        }))
                .chain(() -> readModel.find(pool, spec.sessionId()))
                .map(created -> Response.created(URI.create("/v1/bgp-sessions/" + spec.sessionId()))
                        .entity(SessionView.of(created.orElseThrow())).build());
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        String caller = account.id();
        return pool.withTransaction(tx -> readModel.find(tx, id).chain(found -> {
            StoredSession session = found.filter(s -> s.spec().accountId().equals(caller))
                    .orElseThrow(() -> ApiProblemException.notFound(TYPE, id));
            if (session.kind() != PathKind.LEASED_LINE) {
                throw ApiProblemException.conflict("ManagedByConnection", "session " + id + " belongs to IPsec connection "
                        + session.spec().ipsecConnectionId().orElse("?") + "; disable BGP on the connection to remove it");
            }
            return commands.remove(tx, session, "leased-line session deleted", EventContext.of(caller, UUID.randomUUID().toString()));
        })).map(ignored -> Response.noContent().build());
    }

    private Uni<StoredSession> owned(String id) {
        String caller = account.id();
        return readModel.find(pool, id).map(found -> found.filter(s -> s.spec().accountId().equals(caller))
                .orElseThrow(() -> ApiProblemException.notFound(TYPE, id)));
    }

    private static ReceivedRouteView view(LearnedRoute r, boolean best) {
        return new ReceivedRouteView(r.prefix().toString(), r.nextHop(), r.asPath(), r.origin().name(), r.localPref(), r.med(), best);
    }

    /** Every wrong member at once, each with its own code and field. */
    static SessionSpec validated(String caller, String sessionId, LeasedLineSessionRequest r) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (r.vpnGatewayId() == null || r.vpnGatewayId().isBlank()) {
            errors.add(Problem.FieldError.invalid("vpnGatewayId", "the VPN gateway the leased line attaches to is required"));
        }
        Optional<Asn> localAsn = asn(r.localAsn(), "localAsn", errors);
        Optional<Asn> peerAsn = asn(r.peerAsn(), "peerAsn", errors);
        address(r.localAddress(), "localAddress", errors);
        address(r.peerAddress(), "peerAddress", errors);
        if (r.nodeId() == null || r.nodeId().isBlank()) {
            errors.add(Problem.FieldError.invalid("nodeId", "the gateway node that runs the session is required"));
        }
        if (r.name() != null && r.name().length() > 128) {
            errors.add(Problem.FieldError.invalid("name", "at most 128 characters"));
        }
        List<String> advertised = r.advertisedPrefixes() == null ? List.of() : r.advertisedPrefixes();
        for (int i = 0; i < advertised.size(); i++) {
            String text = advertised.get(i);
            Optional<Ipv4Prefix> prefix = text == null ? Optional.empty() : Ipv4Prefix.parse(text);
            String field = "advertisedPrefixes[" + i + "]";
            if (prefix.isEmpty()) {
                errors.add(new Problem.FieldError("InvalidParameter.AdvertisedPrefixes", field,
                        "not a canonical IPv4 prefix (a.b.c.d/n with host bits zero): " + text));
            } else if (POLICY.check(prefix.get()).isPresent()) {
                errors.add(new Problem.FieldError("InvalidParameter.AdvertisedPrefixes", field,
                        "0.0.0.0/0 and prefixes overlapping 100.64.0.0/10 cannot be advertised (REQ-X-002)"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalidParameters(errors);
        }
        return new SessionSpec(sessionId, caller, r.vpnGatewayId(), PathKind.LEASED_LINE, localAsn.orElseThrow(),
                peerAsn.orElseThrow(), r.localAddress(), r.peerAddress(), Optional.empty(), Optional.empty());
    }

    private static Optional<Asn> asn(String text, String field, List<Problem.FieldError> errors) {
        Optional<Asn> asn = text == null ? Optional.empty() : Asn.parse(text);
        if (asn.isEmpty()) {
            errors.add(Problem.FieldError.invalid(field, "an AS number 1-4294967295, plain (65001) or dotted (1.10)"));
        }
        return asn;
    }

    private static void address(String text, String field, List<Problem.FieldError> errors) {
        if (text == null || Ipv4Prefix.parse(text + "/32").isEmpty()) {
            errors.add(Problem.FieldError.invalid(field, "an IPv4 address in dotted-quad form"));
        }
    }
}
