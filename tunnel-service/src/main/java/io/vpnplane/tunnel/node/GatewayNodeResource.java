package io.vpnplane.tunnel.node;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vpnplane.tunnel.tunnel.TunnelViewProjection;

/** The gateway-node registry, for operators (role {@code operator} in the token's groups). */
@Path("/v1/gateway-nodes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("operator")
public class GatewayNodeResource {

    @Inject
    Pool pool;

    @Inject
    GatewayNodeRegistry registry;

    @Inject
    TunnelViewProjection tunnels;

    @Inject
    HeartbeatGracePeriod grace;

    /** @param status {@code up} | {@code down} */
    public record GatewayNodeView(String nodeId, String zone, String status, List<String> gatewayAddresses, int capacity,
                                  int placedTunnels, String softwareVersion, String publicKey, Instant lastHeartbeatAt) {
    }

    @GET
    public Uni<List<GatewayNodeView>> list() {
        return pool.withConnection(c -> registry.all(c).chain(nodes -> tunnels.loadByNode(c).map(load -> nodes.stream()
                .map(n -> new GatewayNodeView(n.nodeId(), n.zone(), n.up() && grace.alive(n) ? "up" : "down", n.gatewayAddresses(),
                        n.capacity(), load.getOrDefault(n.nodeId(), 0), n.softwareVersion(), n.publicKey(), n.lastHeartbeatAt()))
                .toList())));
    }
}
