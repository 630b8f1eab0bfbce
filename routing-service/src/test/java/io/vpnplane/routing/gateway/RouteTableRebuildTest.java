package io.vpnplane.routing.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.api.DevTokens;
import io.vpnplane.eventsourcing.EventStore;
import io.vpnplane.eventsourcing.ProjectionRebuilder;
import io.vpnplane.events.bgp.BgpBestRouteSelected;
import io.vpnplane.events.bgp.BgpPathKind;
import io.vpnplane.routing.it.ContractEvents;
import io.vpnplane.routing.it.ProjectionWait;
import io.vpnplane.testkit.KafkaAndPostgres;
import jakarta.inject.Inject;

/**
 * The route tables' read model (rt_route, rt_in_effect) is a projection of the route-table streams: dropped and
 * replayed from the event store it is the same, row for row, and the API answers the same.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @ResourceArg(name = "prefix", value = "routing_rebuild"))
class RouteTableRebuildTest {

    private static ContractEvents events;

    @Inject
    Pool pool;

    @Inject
    EventStore store;

    @Inject
    RouteTableProjection projection;

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

    @Test
    void replayingTheRouteTableStreamsGivesTheSameReadModel() {
        String active = gateway + "-a";
        String standby = gateway + "-s";
        String policy = gateway + "-p";
        events.gateway(account, gateway, "vpc-" + gateway);
        events.connection(account, active, gateway, "destination", List.of(), true, active + "-t1");
        events.connection(account, standby, gateway, "destination", List.of(), true, standby + "-t1");
        events.connection(account, policy, gateway, "policy", List.of("172.16.0.0/16"), true, policy + "-t1");
        ProjectionWait.gatewayWithConnections(pool, gateway, 3);
        String token = DevTokens.forAccount(account);
        for (var route : List.of(List.of(active, "100"), List.of(standby, "0"))) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"destinationCidr\": \"10.60.0.0/16\", \"nextHop\": \"" + route.get(0) + "\", \"weight\": " + route.get(1) + "}")
                    .post("/v1/vpn-gateways/" + gateway + "/routes").then().statusCode(201);
        }
        String unpublished = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"destinationCidr\": \"10.61.0.0/16\", \"nextHop\": \"" + active + "\"}")
                .post("/v1/vpn-gateways/" + gateway + "/routes").then().statusCode(201).extract().path("routeId");
        given().auth().oauth2(token).post("/v1/vpn-gateways/" + gateway + "/routes/" + unpublished + "/unpublish").then().statusCode(200);
        events.publish("platform", gateway, new BgpBestRouteSelected(gateway, "192.168.1.0/24", "bgp-x", BgpPathKind.IPSEC,
                Optional.of(active), "169.254.10.2", List.of(65530L), Instant.now()));
        ProjectionWait.until(pool, "SELECT count(*) FROM rt_route WHERE vpn_gateway_id = $1", Tuple.of(gateway), 5);
        List<String> before = rows();
        String effectiveBefore = given().auth().oauth2(token).get("/v1/vpn-gateways/" + gateway + "/effective-routes").asString();
        assertThat(before).hasSizeGreaterThan(5);

        ProjectionRebuilder.Result result = new ProjectionRebuilder(store, 3, Clock.systemUTC())
                .rebuild(pool, projection).await().atMost(Duration.ofSeconds(60));

        assertThat(result.eventsReplayed()).isGreaterThanOrEqualTo(5);
        assertThat(rows()).isEqualTo(before);
        assertThat(given().auth().oauth2(token).get("/v1/vpn-gateways/" + gateway + "/effective-routes").asString())
                .isEqualTo(effectiveBefore);
    }

    /** Every row of this gateway in both tables, without the identity column the replay renumbers. */
    private List<String> rows() {
        List<String> rows = new ArrayList<>();
        pool.preparedQuery("""
                        SELECT route_id, destination, next_hop, weight, published, source, propagate, created_at
                        FROM rt_route WHERE vpn_gateway_id = $1 ORDER BY route_id""").execute(Tuple.of(gateway))
                .await().atMost(Duration.ofSeconds(10)).forEach(r -> rows.add("route " + r.toJson().encode()));
        pool.preparedQuery("SELECT * FROM rt_in_effect WHERE vpn_gateway_id = $1 ORDER BY source, destination").execute(Tuple.of(gateway))
                .await().atMost(Duration.ofSeconds(10)).forEach(r -> rows.add("in-effect " + r.toJson().encode()));
        return rows;
    }
}
