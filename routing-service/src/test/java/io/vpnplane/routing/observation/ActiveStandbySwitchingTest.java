package io.vpnplane.routing.observation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vpnplane.testkit.ContractEventTail;
import io.vpnplane.api.DevTokens;
import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.Topics;
import io.vpnplane.events.health.HealthCheckStatusChanged;
import io.vpnplane.events.routing.ActiveRouteSwitched;
import io.vpnplane.events.tunnel.TunnelStatusChanged;
import io.vpnplane.events.tunnel.TunnelStatusChanged.NegotiationStatus;
import io.vpnplane.routing.it.ContractEvents;
import io.vpnplane.routing.it.ProjectionWait;
import io.vpnplane.testkit.KafkaAndPostgres;
import jakarta.inject.Inject;

/**
 * REQ-RT-005 end to end: real tunnel-status and health-check events go through the broker into routing-service,
 * whose ActiveRouteSwitched events come back out of the broker through the outbox relay.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @ResourceArg(name = "prefix", value = "routing_switch"))
class ActiveStandbySwitchingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ContractEvents events;

    @Inject
    Pool pool;

    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    private final String gateway = "vpn-" + UUID.randomUUID().toString().substring(0, 8);
    private final String active = gateway + "-active";
    private final String standby = gateway + "-standby";
    private final String reserve = gateway + "-reserve";
    private Instant clock = Instant.now();

    @BeforeAll
    static void producer() {
        events = new ContractEvents();
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }

    // REQ-RT-005's three rules, the switch back, and replays that must not switch again.
    @Test
    void theThreeRulesAndTheSwitchBackDrivenByTunnelAndHealthEvents() {
        setUp("10.50.0.0/16", active);
        try (var tail = ContractEventTail.open(Topics.ROUTES)) {
            Predicate<ContractEventTail.Received> switches = switchesOf("10.50.0.0/16");

            // REQ-RT-005 rule 1: both up, the active route stays, nothing switches.
            negotiation(active, NegotiationStatus.IPSEC_SA_ESTABLISHED);
            negotiation(standby, NegotiationStatus.IPSEC_SA_ESTABLISHED);
            health(active, HealthCheckStatusChanged.Status.PASSING);
            assertThat(tail.settle(switches, Duration.ofSeconds(2))).isEmpty();
            effective("10.50.0.0/16", active, "active-up");
            lookup("10.50.7.9", "10.50.0.0/16", active, "active-up");

            // REQ-RT-005 rule 2 (REQ-TUN-011, REQ-GW-002): active down (health check failing), standby up: the standby takes over.
            CloudEvent failing = health(active, HealthCheckStatusChanged.Status.FAILING);
            var first = switched(tail.await(switches, 1, WAIT), 0);
            assertThat(first.from().orElseThrow().nextHop()).isEqualTo(active);
            assertThat(first.to().orElseThrow().nextHop()).isEqualTo(standby);
            assertThat(first.reason()).isEqualTo("STANDBY_TAKES_OVER");
            assertThat(first.causeEventId()).contains(failing.id().toString());
            assertThat(first.causeEventType()).contains(failing.type());
            effective("10.50.0.0/16", standby, "standby-takes-over");
            lookup("10.50.7.9", "10.50.0.0/16", standby, "standby-takes-over");

            // Replays: the same event again (same ce_id), and the same observation under a new id. No second switch.
            // Both share the tunnel's key (one partition) with the recovery below, so they are consumed before it: when the
            // recovery's switch arrives, a switch caused by a replay would already be in the tail.
            events.publish(failing);
            events.publish(ContractEvents.envelope(account, active + "-t1", new HealthCheckStatusChanged(active + "-t1", active,
                    HealthCheckStatusChanged.Status.FAILING, "192.168.0.1", clock)));

            // Health recovers: traffic returns to the active route.
            CloudEvent passing = health(active, HealthCheckStatusChanged.Status.PASSING);
            var back = switched(tail.await(switches, 2, WAIT), 1);
            assertThat(tail.settle(switches, Duration.ofMillis(500))).as("replays switched nothing").hasSize(2);
            assertThat(back.from().orElseThrow().nextHop()).isEqualTo(standby);
            assertThat(back.to().orElseThrow().nextHop()).isEqualTo(active);
            assertThat(back.reason()).isEqualTo("ACTIVE_UP");
            assertThat(back.causeEventId()).contains(passing.id().toString());
            lookup("10.50.7.9", "10.50.0.0/16", active, "active-up");

            // REQ-RT-005 rule 2 (REQ-TUN-006): active down (negotiation failed, e.g. DPD timeout), standby up: the standby again.
            negotiation(active, NegotiationStatus.IKE_SA_NOT_ESTABLISHED);
            assertThat(switched(tail.await(switches, 3, WAIT), 2).to().orElseThrow().nextHop()).isEqualTo(standby);

            // REQ-RT-005 rule 3: both down, the active route is used.
            negotiation(standby, NegotiationStatus.IPSEC_SA_NOT_ESTABLISHED);
            var bothDown = switched(tail.await(switches, 4, WAIT), 3);
            assertThat(bothDown.to().orElseThrow().nextHop()).isEqualTo(active);
            assertThat(bothDown.reason()).isEqualTo("BOTH_DOWN_ACTIVE_KEPT");
            effective("10.50.0.0/16", active, "both-down-active-kept");
            lookup("10.50.7.9", "10.50.0.0/16", active, "both-down-active-kept");

            // An observation older than the recorded one (a late redelivery) changes nothing: the next switch is the one
            // the fresh observation behind it (same key, so consumed after it) causes.
            events.publish(account, standby + "-t1", new TunnelStatusChanged(standby + "-t1", standby, Optional.of(gateway),
                    NegotiationStatus.IPSEC_SA_ESTABLISHED, Optional.empty(), clock.minusSeconds(60)));
            CloudEvent standbyBack = negotiation(standby, NegotiationStatus.IPSEC_SA_ESTABLISHED);
            var again = switched(tail.await(switches, 5, WAIT), 4);
            assertThat(again.causeEventId()).contains(standbyBack.id().toString());
            assertThat(again.to().orElseThrow().nextHop()).isEqualTo(standby);
            assertThat(again.reason()).isEqualTo("STANDBY_TAKES_OVER");
            assertThat(tail.settle(switches, Duration.ofMillis(500))).hasSize(5);
        }
    }

    // REQ-TUN-011: with switchRoute=false a failing health check does not take the route away.
    @Test
    void withSwitchRouteOffAFailingHealthCheckKeepsTheActiveRoute() {
        setUp("10.60.0.0/16", reserve);
        try (var tail = ContractEventTail.open(Topics.ROUTES)) {
            negotiation(reserve, NegotiationStatus.IPSEC_SA_ESTABLISHED);
            negotiation(standby, NegotiationStatus.IPSEC_SA_ESTABLISHED);
            health(reserve, HealthCheckStatusChanged.Status.FAILING);
            assertThat(tail.settle(switchesOf("10.60.0.0/16"), Duration.ofSeconds(2))).isEmpty();
            effective("10.60.0.0/16", reserve, "active-up");
            lookup("10.60.1.1", "10.60.0.0/16", reserve, "active-up");

            // The negotiation failure shares the tunnel's key with the health failure, so it is consumed after it: the
            // first switch being the negotiation's proves the health failure switched nothing.
            CloudEvent down = negotiation(reserve, NegotiationStatus.IKE_SA_NOT_ESTABLISHED);
            var switched = switched(tail.await(switchesOf("10.60.0.0/16"), 1, WAIT), 0);
            assertThat(switched.causeEventId()).contains(down.id().toString());
            assertThat(switched.to().orElseThrow().nextHop()).as("negotiation failure still counts").isEqualTo(standby);
            lookup("10.60.1.1", "10.60.0.0/16", standby, "standby-takes-over");
        }
    }

    private void setUp(String cidr, String activeConnection) {
        events.gateway(account, gateway, "vpc-" + gateway);
        events.connection(account, active, gateway, "destination", List.of(), true, active + "-t1");
        events.connection(account, standby, gateway, "destination", List.of(), true, standby + "-t1");
        events.connection(account, reserve, gateway, "destination", List.of(), false, reserve + "-t1");
        ProjectionWait.gatewayWithConnections(pool, gateway, 3);
        String token = DevTokens.forAccount(account);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("destinationCidr", cidr, "nextHop", activeConnection))
                .post("/v1/vpn-gateways/" + gateway + "/routes").then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("destinationCidr", cidr, "nextHop", standby, "weight", 0))
                .post("/v1/vpn-gateways/" + gateway + "/routes").then().statusCode(201);
    }

    private CloudEvent negotiation(String connection, NegotiationStatus status) {
        clock = clock.plusMillis(10);
        return events.publish(account, connection + "-t1", new TunnelStatusChanged(connection + "-t1", connection, Optional.of(gateway),
                status, status == NegotiationStatus.IPSEC_SA_ESTABLISHED ? Optional.empty() : Optional.of("DPD timeout"), clock));
    }

    private CloudEvent health(String connection, HealthCheckStatusChanged.Status status) {
        clock = clock.plusMillis(10);
        return events.publish(account, connection + "-t1", new HealthCheckStatusChanged(connection + "-t1", connection, status,
                "192.168.0.1", clock));
    }

    private Predicate<ContractEventTail.Received> switchesOf(String cidr) {
        return r -> r.data() instanceof ActiveRouteSwitched s && s.vpnGatewayId().equals(gateway) && s.destinationCidr().equals(cidr)
                && s.from().isPresent() && s.to().isPresent();
    }

    private static ActiveRouteSwitched switched(List<ContractEventTail.Received> received, int index) {
        assertThat(received).hasSizeGreaterThan(index);
        return (ActiveRouteSwitched) received.get(index).data();
    }

    private void lookup(String destination, String matchedPrefix, String nextHop, String reason) {
        given().auth().oauth2(DevTokens.forAccount(account)).queryParam("destination", destination)
                .get("/v1/vpn-gateways/" + gateway + "/lookup").then()
                .statusCode(200)
                .body("matchedPrefix", equalTo(matchedPrefix))
                .body("route.nextHop", equalTo(nextHop))
                .body("reason", equalTo(reason));
    }

    private void effective(String cidr, String nextHop, String reason) {
        given().auth().oauth2(DevTokens.forAccount(account)).get("/v1/vpn-gateways/" + gateway + "/effective-routes").then()
                .statusCode(200)
                .body("effectiveRoutes.find { it.destinationCidr == '" + cidr + "' }.route.nextHop", equalTo(nextHop))
                .body("effectiveRoutes.find { it.destinationCidr == '" + cidr + "' }.reason", equalTo(reason));
    }
}
