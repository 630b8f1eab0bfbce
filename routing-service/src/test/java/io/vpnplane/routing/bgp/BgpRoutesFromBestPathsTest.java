package io.vpnplane.routing.bgp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.api.DevTokens;
import io.vpnplane.events.bgp.BgpBestRouteRemoved;
import io.vpnplane.events.bgp.BgpBestRouteSelected;
import io.vpnplane.events.bgp.BgpPathKind;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.routing.it.ContractEvents;
import io.vpnplane.routing.it.ProjectionWait;
import io.vpnplane.testkit.KafkaAndPostgres;
import jakarta.inject.Inject;

/**
 * bgp-service's best paths through the broker become {@code bgp} routes (REQ-AS-002/003, seed 002): an IPsec best
 * path is a route to its connection, a leased-line best path or a removal takes it away, and the connection's
 * REQ-CONN-010 propagation flag is carried on the entry.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @ResourceArg(name = "prefix", value = "routing_bgp"))
class BgpRoutesFromBestPathsTest {

    private static ContractEvents events;

    @Inject
    Pool pool;

    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    private final String gateway = "vpn-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void producer() {
        events = new ContractEvents();
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }

    private void best(String prefix, BgpPathKind kind, Optional<String> connection) {
        events.publish("platform", gateway, new BgpBestRouteSelected(gateway, prefix, "bgp-s", kind, connection,
                "169.254.10.2", List.of(65530L), Instant.now()));
    }

    private void awaitBgpRoutes(String prefix, long count) {
        ProjectionWait.until(pool, "SELECT count(*) FROM rt_route WHERE vpn_gateway_id = $1 AND destination = $2 AND source = 'BGP'",
                Tuple.of(gateway, prefix), count);
    }

    @Test
    void bestPathsBecomeBgpRoutesAndLeaveWithTheLeasedLine() {
        String connection = gateway + "-bgp";
        events.gateway(account, gateway, "vpc-" + gateway);
        events.connection(account, connection, gateway, "destination", List.of(), true, connection + "-t1");
        ProjectionWait.gatewayWithConnections(pool, gateway, 1);

        best("192.168.1.0/24", BgpPathKind.IPSEC, Optional.of(connection));
        awaitBgpRoutes("192.168.1.0/24", 1);
        var token = DevTokens.forAccount(account);
        given().auth().oauth2(token).get("/v1/vpn-gateways/" + gateway + "/routes").then().statusCode(200)
                .body("routes.find { it.source == 'bgp' }.nextHop", equalTo(connection))
                .body("routes.find { it.source == 'bgp' }.destinationCidr", equalTo("192.168.1.0/24"))
                .body("routes.find { it.source == 'bgp' }.propagateToTransitRouter", equalTo(true));

        // the leased line wins: the VPN gateway no longer routes the prefix into the tunnel
        best("192.168.1.0/24", BgpPathKind.LEASED_LINE, Optional.empty());
        awaitBgpRoutes("192.168.1.0/24", 0);
        // cut the leased line: the IPsec path is best again
        best("192.168.1.0/24", BgpPathKind.IPSEC, Optional.of(connection));
        awaitBgpRoutes("192.168.1.0/24", 1);
        events.publish("platform", gateway, new BgpBestRouteRemoved(gateway, "192.168.1.0/24", Instant.now()));
        awaitBgpRoutes("192.168.1.0/24", 0);

        // a path over a connection of another gateway, or to a refused destination, makes no route
        best("192.168.5.0/24", BgpPathKind.IPSEC, Optional.of("vco-elsewhere"));
        best("100.64.1.0/24", BgpPathKind.IPSEC, Optional.of(connection));
        best("192.168.6.0/24", BgpPathKind.IPSEC, Optional.of(connection));
        awaitBgpRoutes("192.168.6.0/24", 1);
        awaitBgpRoutes("192.168.5.0/24", 0);
        awaitBgpRoutes("100.64.1.0/24", 0);
    }

    @Test
    void theConnectionsPropagationFlagIsHonoured() {
        // REQ-CONN-010 autoPropagateToDefaultRouteTable=false: the BGP route is not propagated to the transit router
        String connection = gateway + "-nop";
        IpsecConnectionState state = ContractEvents.connectionState(account, connection, gateway, "destination", List.of(), true,
                connection + "-t1");
        IpsecConnectionState noPropagation = new IpsecConnectionState(state.id(), state.accountId(), state.name(),
                state.resourceGroupId(), state.tags(), state.attachment(), state.gatewayType(), state.tunnelMode(), state.routingMode(),
                state.localCidrs(), state.remoteCidrs(), state.effectImmediately(), state.bgp(),
                new IpsecConnectionState.Advanced(true, true, false), state.tunnels(), state.grants());
        events.gateway(account, gateway, "vpc-" + gateway);
        events.publish(account, connection, new IpsecConnectionEvent.Created(noPropagation));
        ProjectionWait.gatewayWithConnections(pool, gateway, 1);
        best("172.31.0.0/16", BgpPathKind.IPSEC, Optional.of(connection));
        awaitBgpRoutes("172.31.0.0/16", 1);
        given().auth().oauth2(DevTokens.forAccount(account)).get("/v1/vpn-gateways/" + gateway + "/routes").then()
                .body("routes.find { it.source == 'bgp' }.propagateToTransitRouter", equalTo(false));
    }
}
