package io.vpnplane.routing.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.testkit.ContractEventTail;
import io.vpnplane.api.DevTokens;
import io.vpnplane.events.Topics;
import io.vpnplane.events.routing.ActiveRouteInEffect;
import io.vpnplane.events.routing.ActiveRouteState;
import io.vpnplane.events.routing.RoutePublishedToVpc;
import io.vpnplane.events.routing.RouteSource;
import io.vpnplane.routing.it.ContractEvents;
import io.vpnplane.routing.it.ProjectionWait;
import io.vpnplane.testkit.KafkaAndPostgres;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "prefix", value = "routing_rest"))
class RouteResourceTest {

    private static final String PROBLEM = "application/problem+json";
    private static ContractEvents events;

    @Inject
    Pool pool;

    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    private final String gateway = "vpn-" + UUID.randomUUID().toString().substring(0, 8);
    private final String c1 = gateway + "-c1";
    private final String c2 = gateway + "-c2";
    private final String c3 = gateway + "-c3";
    private final String policy = gateway + "-pol";
    private final String elsewhere = gateway + "-other";
    private String token;

    @BeforeAll
    static void producer() {
        events = new ContractEvents();
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }

    @BeforeEach
    void gatewayWithConnections() {
        token = DevTokens.forAccount(account);
        events.gateway(account, gateway, "vpc-" + gateway);
        events.gateway(account, gateway + "-2", "vpc-2");
        for (String c : List.of(c1, c2, c3)) {
            events.connection(account, c, gateway, "destination", List.of(), true, c + "-t1");
        }
        events.connection(account, policy, gateway, "policy", List.of("172.16.0.0/16"), true, policy + "-t1");
        events.connection(account, elsewhere, gateway + "-2", "destination", List.of(), true, elsewhere + "-t1");
        ProjectionWait.gatewayWithConnections(pool, gateway, 4);
        ProjectionWait.gatewayWithConnections(pool, gateway + "-2", 1);
        ProjectionWait.until(pool, "SELECT count(*) FROM rt_route WHERE vpn_gateway_id = $1 AND source = 'POLICY'", Tuple.of(gateway), 1);
    }

    // REQ-RT-001: fields and defaults.
    @Test
    void aRouteHasTheDocumentedFieldsAndDefaults() {
        String id = create(Map.of("destinationCidr", "192.168.10.0/24", "nextHop", c1))
                .statusCode(201)
                .header("Location", containsString("/v1/vpn-gateways/" + gateway + "/routes/rte-"))
                .header("ETag", notNullValue())
                .body("destinationCidr", equalTo("192.168.10.0/24"))
                .body("nextHopType", equalTo("ipsec-connection"))
                .body("nextHop", equalTo(c1))
                .body("publishToVpc", equalTo(true))
                .body("weight", equalTo(100))
                .body("state", equalTo("published"))
                .body("source", equalTo("static"))
                .body("createdAt", notNullValue())
                .extract().path("routeId");

        given().auth().oauth2(token).get(routes()).then().statusCode(200)
                .body("routes.findAll { it.source == 'static' }.routeId", contains(id));
        given().auth().oauth2(token).get(routes() + "/" + id).then().statusCode(200).body("routeId", equalTo(id));
    }

    // REQ-RT-001: the next hop must be an IPsec connection of THIS gateway.
    @Test
    void aNextHopThatIsNotAConnectionOfThisGatewayIsRefused() {
        problem(create(Map.of("destinationCidr", "192.168.10.0/24", "nextHop", elsewhere)), 400, "InvalidParameter.NextHop", "nextHop");
        problem(create(Map.of("destinationCidr", "192.168.10.0/24", "nextHop", "vco-unknown")), 400, "InvalidParameter.NextHop", "nextHop");
        problem(create(Map.of("destinationCidr", "192.168.10.0/24")), 400, "InvalidParameter.NextHop", "nextHop");
    }

    @Test
    void malformedInputGetsPreciseCodes() {
        problem(create(Map.of("destinationCidr", "192.168.10.1/24", "nextHop", c1)), 400, "InvalidParameter.DestinationCidr", "destinationCidr");
        problem(create(Map.of("destinationCidr", "banana", "nextHop", c1)), 400, "InvalidParameter.DestinationCidr", "destinationCidr");
        problem(create(Map.of("destinationCidr", "192.168.10.0/24", "nextHop", c1, "weight", 50)), 400, "InvalidParameter.Weight", "weight");
        problem(create(Map.of("destinationCidr", "192.168.10.0/24", "nextHop", c1, "nextHopType", "vpc")), 400,
                "InvalidParameter.NextHopType", "nextHopType");
    }

    // REQ-RT-002
    @Test
    void theDefaultRouteIsRefused() {
        problem(create(Map.of("destinationCidr", "0.0.0.0/0", "nextHop", c1)), 400, "InvalidParameter.DestinationCidr.DefaultRoute",
                "destinationCidr");
    }

    // REQ-RT-003: the range, a subnet, a supernet.
    @Test
    void theSharedAddressSpaceItsSubnetsAndSupernetsAreRefused() {
        for (String cidr : List.of("100.64.0.0/10", "100.100.1.0/24", "100.0.0.0/8")) {
            problem(create(Map.of("destinationCidr", cidr, "nextHop", c1)), 400, "InvalidParameter.DestinationCidr.SharedAddressSpace",
                    "destinationCidr");
        }
        create(Map.of("destinationCidr", "100.128.0.0/10", "nextHop", c1)).statusCode(201);
    }

    // REQ-RT-004: the seed's example, 10.10.10.x goes by 10.10.0.0/16 rather than 10.0.0.0/8.
    @Test
    void lookupsUseTheLongestPrefix() {
        create(Map.of("destinationCidr", "10.0.0.0/8", "nextHop", c1)).statusCode(201);
        create(Map.of("destinationCidr", "10.10.0.0/16", "nextHop", c2)).statusCode(201);

        lookup("10.10.10.7").statusCode(200).body("matchedPrefix", equalTo("10.10.0.0/16")).body("route.nextHop", equalTo(c2))
                .body("source", equalTo("static")).body("explanation", containsString("longest prefix"));
        lookup("10.20.0.1").statusCode(200).body("matchedPrefix", equalTo("10.0.0.0/8")).body("route.nextHop", equalTo(c1));
        problem(lookup("11.0.0.1"), 404, "NotFound.Route", "destination");
        problem(lookup("10.0.0.256"), 400, "InvalidParameter.Destination", "destination");
    }

    // REQ-X-001: a policy route wins over a longer static one.
    @Test
    void policyRoutesComeBeforeStaticRoutes() {
        create(Map.of("destinationCidr", "172.16.5.0/24", "nextHop", c1)).statusCode(201);
        lookup("172.16.5.1").statusCode(200).body("source", equalTo("policy")).body("matchedPrefix", equalTo("172.16.0.0/16"))
                .body("route.nextHop", equalTo(policy));
    }

    // REQ-RT-005 with no tunnel reported yet: both connections are down, the active route stays in use.
    @Test
    void withNoObservationsTheActiveRouteIsInEffect() {
        create(Map.of("destinationCidr", "192.168.20.0/24", "nextHop", c1)).statusCode(201);
        create(Map.of("destinationCidr", "192.168.20.0/24", "nextHop", c2, "weight", 0)).statusCode(201);
        given().auth().oauth2(token).get("/v1/vpn-gateways/" + gateway + "/effective-routes").then().statusCode(200)
                .body("effectiveRoutes.find { it.destinationCidr == '192.168.20.0/24' }.route.nextHop", equalTo(c1))
                .body("effectiveRoutes.find { it.destinationCidr == '192.168.20.0/24' }.reason", equalTo("both-down-active-kept"))
                .body("effectiveRoutes.find { it.destinationCidr == '192.168.20.0/24' }.notInEffect.nextHop", contains(c2));
    }

    // REQ-RT-006: duplicates, and one active plus one standby per destination.
    @Test
    void duplicatesAndSecondActivesOrStandbysAreConflicts() {
        create(Map.of("destinationCidr", "192.168.30.0/24", "nextHop", c1)).statusCode(201);
        problem(create(Map.of("destinationCidr", "192.168.30.0/24", "nextHop", c1, "weight", 0)), 409, "Conflict.DuplicateRoute",
                "destinationCidr");
        problem(create(Map.of("destinationCidr", "192.168.30.0/24", "nextHop", c2)), 409, "Conflict.ActiveExists", "weight");
        create(Map.of("destinationCidr", "192.168.30.0/24", "nextHop", c2, "weight", 0)).statusCode(201);
        problem(create(Map.of("destinationCidr", "192.168.30.0/24", "nextHop", c3, "weight", 0)), 409, "Conflict.StandbyExists", "weight");
    }

    // REQ-RT-006: the active's weight changes only after the standby is deleted, and vice versa.
    @Test
    void weightsOfAPairChangeOnlyAfterThePartnerIsDeleted() {
        String active = create(Map.of("destinationCidr", "192.168.40.0/24", "nextHop", c1)).statusCode(201).extract().path("routeId");
        String standby = create(Map.of("destinationCidr", "192.168.40.0/24", "nextHop", c2, "weight", 0)).statusCode(201)
                .extract().path("routeId");

        problem(weight(active, 0), 409, "Conflict.StandbyExists", "weight");
        problem(weight(standby, 100), 409, "Conflict.ActiveExists", "weight");
        problem(weight(active, 7), 400, "InvalidParameter.Weight", "weight");

        given().auth().oauth2(token).delete(routes() + "/" + standby).then().statusCode(200)
                .body("deletedRoute.routeId", equalTo(standby)).body("unpublishedPolicyRoutes", empty());
        weight(active, 0).statusCode(200).body("weight", equalTo(0));
    }

    // REQ-RT-005 as current state: what an agent starting later replays from the compacted vpn.active-routes.
    @Test
    void theRouteInEffectIsMirroredAsCurrentStateAndADeletedDestinationLeavesAsATombstone() {
        String key = ActiveRouteState.keyOf(gateway, RouteSource.STATIC, "192.168.60.0/24");
        try (var tail = ContractEventTail.open(Topics.ACTIVE_ROUTES)) {
            String id = create(Map.of("destinationCidr", "192.168.60.0/24", "nextHop", c1)).statusCode(201).extract().path("routeId");

            var inEffect = tail.await(r -> r.data() instanceof ActiveRouteInEffect, 1, Duration.ofSeconds(20));
            assertThat(inEffect).hasSize(1);
            assertThat(inEffect.getFirst().envelope().subject()).isEqualTo(key);
            var state = (ActiveRouteInEffect) inEffect.getFirst().data();
            assertThat(state.route().routeId()).isEqualTo(id);
            assertThat(state.route().nextHop()).isEqualTo(c1);
            assertThat(state.destinationCidr()).isEqualTo("192.168.60.0/24");

            given().auth().oauth2(token).delete(routes() + "/" + id).then().statusCode(200);
            assertThat(tail.awaitTombstone(key, Duration.ofSeconds(20))).as("the destination's key is deleted")
                    .hasValueSatisfying(t -> assertThat(t.type()).isEqualTo("io.vpnplane.active-route.cleared.v1"));
        }
    }

    // REQ-RT-007: published to the VPC's system route table, as an event for the VPC owner; unpublish and republish.
    @Test
    void publishingAndUnpublishing() {
        try (var tail = ContractEventTail.open(Topics.ROUTES)) {
            String id = create(Map.of("destinationCidr", "192.168.50.0/24", "nextHop", c1, "publishToVpc", false)).statusCode(201)
                    .body("state", equalTo("normal")).body("publishToVpc", equalTo(false)).extract().path("routeId");
            given().auth().oauth2(token).post(routes() + "/" + id + "/publish").then().statusCode(200)
                    .body("state", equalTo("published")).body("publishToVpc", equalTo(true));
            given().auth().oauth2(token).post(routes() + "/" + id + "/publish").then().statusCode(200).body("state", equalTo("published"));
            given().auth().oauth2(token).post(routes() + "/" + id + "/unpublish").then().statusCode(200).body("state", equalTo("normal"));

            var published = tail.await(r -> r.data() instanceof RoutePublishedToVpc p && p.routeId().equals(id), 1, Duration.ofSeconds(20));
            assertThat(published).hasSize(1);
            var event = (RoutePublishedToVpc) published.getFirst().data();
            assertThat(event.vpcId()).contains("vpc-" + gateway);
            assertThat(event.destinationCidr()).isEqualTo("192.168.50.0/24");
            assertThat(published.getFirst().envelope().account()).contains(account);
            assertThat(published.getFirst().envelope().subject()).isEqualTo(gateway);
        }
    }

    // REQ-RT-008 (and REQ-CONN-007: the policy connection's remote CIDR is a route of the gateway).
    @Test
    void deletingAPublishedDestinationRouteAlsoUnpublishesTheSameCidrPolicyRoute() {
        given().auth().oauth2(token).get(routes()).then().statusCode(200)
                .body("routes.find { it.source == 'policy' }.destinationCidr", equalTo("172.16.0.0/16"))
                .body("routes.find { it.source == 'policy' }.state", equalTo("published"));
        String id = create(Map.of("destinationCidr", "172.16.0.0/16", "nextHop", c1)).statusCode(201).extract().path("routeId");

        given().auth().oauth2(token).delete(routes() + "/" + id).then().statusCode(200)
                .body("deletedRoute.routeId", equalTo(id))
                .body("unpublishedPolicyRoutes", hasSize(1))
                .body("unpublishedPolicyRoutes[0].nextHop", equalTo(policy))
                .body("unpublishedPolicyRoutes[0].state", equalTo("normal"));
        given().auth().oauth2(token).get(routes()).then()
                .body("routes.find { it.source == 'policy' }.state", equalTo("normal"));
    }

    @Test
    void systemRoutesCannotBeDeletedOrReweighted() {
        String policyRoute = given().auth().oauth2(token).get(routes()).then().statusCode(200)
                .extract().path("routes.find { it.source == 'policy' }.routeId");
        problem(given().auth().oauth2(token).delete(routes() + "/" + policyRoute).then(), 409, "Conflict.RouteManagedBySystem", "routeId");
        problem(weight(policyRoute, 0), 409, "Conflict.RouteManagedBySystem", "routeId");
    }

    @Test
    void otherAccountsSeeNoGatewayAndStaleWritesFail() {
        given().auth().oauth2(DevTokens.forAccount("acct-intruder")).get(routes()).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("NotFound.VpnGateway"));
        given().get(routes()).then().statusCode(401);
        problem(given().auth().oauth2(token).delete(routes() + "/rte-missing").then(), 404, "NotFound.Route", "routeId");

        String etag = given().auth().oauth2(token).get(routes()).then().statusCode(200).extract().header("ETag");
        create(Map.of("destinationCidr", "192.168.60.0/24", "nextHop", c1)).statusCode(201);
        given().auth().oauth2(token).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("destinationCidr", "192.168.61.0/24", "nextHop", c1)).post(routes())
                .then().statusCode(412).body("code", equalTo("PreconditionFailed.Version"));
    }

    private String routes() {
        return "/v1/vpn-gateways/" + gateway + "/routes";
    }

    private ValidatableResponse create(Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(routes()).then();
    }

    private ValidatableResponse weight(String routeId, int weight) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("weight", weight))
                .put(routes() + "/" + routeId + "/weight").then();
    }

    private ValidatableResponse lookup(String destination) {
        return given().auth().oauth2(token).queryParam("destination", destination).get("/v1/vpn-gateways/" + gateway + "/lookup").then();
    }

    private static void problem(ValidatableResponse response, int status, String code, String field) {
        response.statusCode(status).contentType(PROBLEM).body("code", equalTo(code)).body("field", equalTo(field))
                .body("status", equalTo(status));
    }
}
