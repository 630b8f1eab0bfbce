package io.vpnplane.routing.connection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
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
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.routing.it.ContractEvents;
import io.vpnplane.routing.it.ProjectionWait;
import io.vpnplane.testkit.KafkaAndPostgres;
import jakarta.inject.Inject;

/**
 * REQ-CONN-007 through the broker: connection-service's events alone make (and unmake) a policy-mode connection's
 * destination routes; nobody calls the routes API.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @ResourceArg(name = "prefix", value = "routing_switch"))
class PolicyRoutesFromConnectionsTest {

    private static ContractEvents events;

    @Inject
    Pool pool;

    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    private final String gateway = "vpn-" + UUID.randomUUID().toString().substring(0, 8);
    private final String connection = gateway + "-pol";

    @BeforeAll
    static void producer() {
        events = new ContractEvents();
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }

    // REQ-CONN-007: the remote CIDRs become policy routes, follow an update, and go when the connection leaves policy mode or is deleted.
    @Test
    void aPolicyModeConnectionsRemoteCidrsAreRoutesOfItsGateway() {
        events.gateway(account, gateway, "vpc-" + gateway);
        events.connection(account, connection, gateway, "policy", List.of("172.20.0.0/16", "192.168.8.0/24"), true, connection + "-t1");
        awaitPolicyRoutes(2);
        assertThat(policyRoutes()).extracting(r -> r.get("destinationCidr")).containsExactlyInAnyOrder("172.20.0.0/16", "192.168.8.0/24");
        assertThat(policyRoutes()).extracting(r -> r.get("nextHop"), r -> r.get("weight"))
                .containsOnly(tuple(connection, 100));
        // REQ-RT-004 / REQ-X-001: forwarding finds them.
        given().auth().oauth2(DevTokens.forAccount(account)).queryParam("destination", "192.168.8.20")
                .get("/v1/vpn-gateways/" + gateway + "/lookup").then().statusCode(200)
                .body("source", equalTo("policy")).body("matchedPrefix", equalTo("192.168.8.0/24")).body("route.nextHop", equalTo(connection));

        update("policy", List.of("172.20.0.0/16", "10.99.0.0/16"));
        awaitPolicyRoute("10.99.0.0/16");
        assertThat(policyRoutes()).extracting(r -> r.get("destinationCidr")).containsExactlyInAnyOrder("172.20.0.0/16", "10.99.0.0/16");

        update("destination", List.of("172.20.0.0/16", "10.99.0.0/16"));
        awaitPolicyRoutes(0);
        assertThat(policyRoutes()).isEmpty();

        update("policy", List.of("172.21.0.0/16"));
        awaitPolicyRoute("172.21.0.0/16");
        events.publish(account, connection, new IpsecConnectionEvent.Deleted(
                ContractEvents.connectionState(account, connection, gateway, "policy", List.of("172.21.0.0/16"), true, connection + "-t1")));
        awaitPolicyRoutes(0);
        assertThat(policyRoutes()).isEmpty();
    }

    private void update(String routingMode, List<String> remoteCidrs) {
        events.publish(account, connection, new IpsecConnectionEvent.Updated(
                ContractEvents.connectionState(account, connection, gateway, routingMode, remoteCidrs, true, connection + "-t1"),
                List.of("routingMode", "remoteCidrs")));
    }

    /** Routes of the gateway whose source is {@code policy}, as the REST API lists them. */
    private List<Map<String, Object>> policyRoutes() {
        return given().auth().oauth2(DevTokens.forAccount(account)).get("/v1/vpn-gateways/" + gateway + "/routes").then().statusCode(200)
                .extract().jsonPath().getList("routes.findAll { it.source == 'policy' }");
    }

    private void awaitPolicyRoutes(long count) {
        ProjectionWait.until(pool, "SELECT count(*) FROM rt_route WHERE vpn_gateway_id = $1 AND source = 'POLICY'", Tuple.of(gateway), count);
    }

    private void awaitPolicyRoute(String cidr) {
        ProjectionWait.until(pool, "SELECT count(*) FROM rt_route WHERE vpn_gateway_id = $1 AND source = 'POLICY' AND destination = $2",
                Tuple.of(gateway, cidr), 1);
    }
}
