package io.vpnplane.agent.admin;

import io.vpnplane.agent.bgp.BgpSpeaker;
import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.message.PathAttributes;
import io.vpnplane.agent.bgp.session.SessionSnapshot;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The agent's BGP sessions (REQ-GW-003): FSM state, timers, counters, learned and advertised routes. */
@Path("/agent/v1/bgp/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class BgpSessionResource {

    @Inject
    AgentRuntime runtime;

    /** A learned path as the peer sent it. */
    public record RouteView(String prefix, String nextHop, List<Long> asPath, String origin, Optional<Long> med,
                            Optional<Long> localPref, List<String> communities) {
    }

    public record SessionView(SessionSnapshot session, List<RouteView> learnedRoutes, List<String> advertisedRoutes) {

        public static SessionView of(BgpSpeaker speaker, SessionSnapshot snapshot) {
            List<RouteView> learned = speaker.learnedRoutes(snapshot.id()).stream()
                    .map(r -> route(r.prefix(), r.attributes())).toList();
            List<String> advertised = speaker.advertisedPrefixes(snapshot.id()).stream().sorted().map(Ipv4Prefix::toString).toList();
            return new SessionView(snapshot, learned, advertised);
        }
    }

    @GET
    public List<SessionView> list() {
        return speaker().map(s -> s.sessions().stream().map(snapshot -> SessionView.of(s, snapshot)).toList()).orElse(List.of());
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return speaker().flatMap(s -> s.session(id).map(snapshot -> SessionView.of(s, snapshot)))
                .map(view -> Response.ok(view).build())
                .orElseGet(() -> Response.status(404).type("application/problem+json").entity(Map.of(
                        "type", "about:blank", "title", "Not Found", "status", 404, "code", "NotFound.BgpSession",
                        "field", "id", "detail", "no BGP session " + id + " on this agent")).build());
    }

    private Optional<BgpSpeaker> speaker() {
        return runtime.bgp();
    }

    private static RouteView route(Ipv4Prefix prefix, PathAttributes a) {
        return new RouteView(prefix.toString(), Ipv4Prefix.formatAddress(a.nextHop()),
                a.asPath().segments().stream().flatMap(s -> s.asns().stream()).toList(), a.origin().name(),
                a.med().isPresent() ? Optional.of(a.med().getAsLong()) : Optional.empty(),
                a.localPref().isPresent() ? Optional.of(a.localPref().getAsLong()) : Optional.empty(),
                a.communities().stream().map(PathAttributes::formatCommunity).toList());
    }
}
