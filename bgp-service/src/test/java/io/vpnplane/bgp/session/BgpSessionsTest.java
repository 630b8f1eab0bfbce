package io.vpnplane.bgp.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

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
import io.restassured.specification.RequestSpecification;
import io.vpnplane.api.DevTokens;
import io.vpnplane.events.Topics;
import io.vpnplane.events.bgp.BgpBestRouteRemoved;
import io.vpnplane.events.bgp.BgpBestRouteSelected;
import io.vpnplane.events.bgp.BgpFsmState;
import io.vpnplane.events.bgp.BgpOrigin;
import io.vpnplane.events.bgp.BgpPath;
import io.vpnplane.events.bgp.BgpPathKind;
import io.vpnplane.events.bgp.BgpRoutesLearned;
import io.vpnplane.events.bgp.BgpRoutesWithdrawn;
import io.vpnplane.events.bgp.BgpSessionConfigured;
import io.vpnplane.events.bgp.BgpSessionRemoved;
import io.vpnplane.events.bgp.BgpSessionStateObserved;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.connection.VpnGatewayEvent;
import io.vpnplane.events.connection.VpnGatewayState;
import io.vpnplane.events.node.GatewayNodeHeartbeat;
import io.vpnplane.testkit.ContractEventProducer;
import io.vpnplane.testkit.ContractEventTail;
import io.vpnplane.testkit.Eventually;
import io.vpnplane.testkit.KafkaAndPostgres;

/**
 * bgp-service end to end on the real broker and database: sessions from connection events and from the REST API,
 * agents' observations in, best routes out on vpn.bgp (REQ-AS-002/003, REQ-TUN-008/010).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @ResourceArg(name = "prefix", value = "bgpsvc"))
class BgpSessionsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ContractEventProducer events;

    @BeforeAll
    static void producer() {
        events = new ContractEventProducer();
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private static RequestSpecification as(String account) {
        return given().auth().oauth2(DevTokens.forAccount(account)).contentType(ContentType.JSON);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void gateway(String account, String gatewayId) {
        events.publish(account, gatewayId, new VpnGatewayEvent.Created(new VpnGatewayState(gatewayId, account, "gw", "vpc-" + gatewayId, "", Map.of())));
    }

    /** A dual-tunnel connection on {@code gatewayId} with BGP on both tunnels (seed 002: 169.254.10.0/30, ASN 65530). */
    private static IpsecConnectionState connection(String account, String connectionId, String gatewayId, boolean bgp) {
        List<IpsecConnectionState.Tunnel> tunnels = List.of(tunnel(connectionId + "-t1", "169.254.10.0/30", "169.254.10.1"),
                tunnel(connectionId + "-t2", "169.254.11.0/30", "169.254.11.1"));
        return new IpsecConnectionState(connectionId, account, "to-dc", Optional.empty(), Map.of(),
                new IpsecConnectionState.Attachment("vpn-gateway", Optional.of(gatewayId), Optional.empty(), Optional.empty(), Optional.empty()),
                "public", "dual", "destination", List.of(), List.of(), true, new IpsecConnectionState.Bgp(bgp, 45104),
                new IpsecConnectionState.Advanced(true, true, true), tunnels, List.of());
    }

    private static IpsecConnectionState.Tunnel tunnel(String id, String cidr, String localIp) {
        return new IpsecConnectionState.Tunnel(id, "cgw-1", "203.0.113.10", Optional.of(65530L), 1,
                new IpsecConnectionState.Ike("ikev2", "main", "aes", "sha1", "group2", 86400, Optional.empty(), Optional.empty()),
                new IpsecConnectionState.Ipsec("aes", "sha1", "group2", 86400), new IpsecConnectionState.Dpd(true, "restart", 10, 130),
                true, Optional.of(new IpsecConnectionState.TunnelBgp(cidr, localIp)),
                new IpsecConnectionState.HealthCheck(false, Optional.empty(), Optional.empty(), 3, 3, true), Optional.empty());
    }

    private static void state(String sessionId, BgpFsmState state) {
        events.publish("platform", sessionId, new BgpSessionStateObserved(sessionId, "gw-node-1", state,
                Optional.of("192.168.0.254"), state == BgpFsmState.ESTABLISHED ? Optional.empty() : Optional.of("hold timer expired"),
                Instant.now()));
    }

    private static void learned(String sessionId, String... prefixes) {
        events.publish("platform", sessionId, new BgpRoutesLearned(sessionId, "gw-node-1", java.util.Arrays.stream(prefixes)
                .map(p -> new BgpPath(p, "169.254.10.2", List.of(65530L), BgpOrigin.IGP, Optional.empty(), Optional.empty())).toList(),
                Instant.now()));
    }

    private static String leasedLine(String account, String gatewayId) {
        return as(account).body("""
                {"name": "vbr-tokyo", "vpnGatewayId": "%s", "localAsn": "45104", "peerAsn": "65530",
                 "localAddress": "10.100.0.1", "peerAddress": "10.100.0.2", "nodeId": "gw-node-1",
                 "advertisedPrefixes": ["10.0.0.0/16"]}""".formatted(gatewayId))
                .post("/v1/bgp-sessions").then().statusCode(201).body("type", equalTo("leased-line"))
                .extract().path("id");
    }

    private static Predicate<ContractEventTail.Received> bestFor(String gatewayId, String prefix) {
        return r -> (r.data() instanceof BgpBestRouteSelected s && s.vpnGatewayId().equals(gatewayId) && s.prefix().equals(prefix))
                || (r.data() instanceof BgpBestRouteRemoved d && d.vpnGatewayId().equals(gatewayId) && d.prefix().equals(prefix));
    }

    /** The VPN gateway and a BGP-enabled dual-tunnel connection on it; answers the first tunnel's session once it exists. */
    private static String firstTunnelSession(String account, String gatewayId, String connectionId) {
        gateway(account, gatewayId);
        events.publish(account, connectionId, new IpsecConnectionEvent.Created(connection(account, connectionId, gatewayId, true)));
        String session = "bgp-" + connectionId + "-t1";
        Eventually.await(WAIT, () -> as(account).get("/v1/bgp-sessions/" + session).statusCode() == 200);
        return session;
    }

    private static Predicate<ContractEventTail.Received> best(String gatewayId, BgpPathKind kind) {
        return r -> r.data() instanceof BgpBestRouteSelected s && s.vpnGatewayId().equals(gatewayId)
                && s.prefix().equals("192.168.1.0/24") && s.pathKind() == kind;
    }

    @Test
    void leasedLineWinsAndIpsecTakesOverWhileItIsDown() {
        // REQ-AS-002 (leased line preferred), REQ-AS-003 (a session going down withdraws what it learned), seed 002
        String account = unique("acct");
        String gw = unique("vgw");
        String conn = unique("vco");
        String ipsec = firstTunnelSession(account, gw, conn);
        as(account).get("/v1/bgp-sessions/" + ipsec).then().body("type", equalTo("ipsec")).body("peerAsn", equalTo(65530))
                .body("localAsn", equalTo(45104)).body("localAddress", equalTo("169.254.10.1")).body("peerAddress", equalTo("169.254.10.2"))
                .body("ipsecConnectionId", equalTo(conn)).body("state", equalTo("IDLE"));
        Eventually.await(WAIT, () -> as(account).get("/v1/bgp-sessions").then().extract().path("items.id")
                .equals(List.of(ipsec, "bgp-" + conn + "-t2")));
        String leased = leasedLine(account, gw);

        try (var tail = ContractEventTail.open(Topics.BGP)) {
            state(ipsec, BgpFsmState.ESTABLISHED);
            learned(ipsec, "192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24");
            var first = tail.await(bestFor(gw, "192.168.1.0/24"), 1, WAIT);
            assertThat(first).hasSize(1);
            assertThat(((BgpBestRouteSelected) first.getFirst().data()).pathKind()).isEqualTo(BgpPathKind.IPSEC);

            state(leased, BgpFsmState.ESTABLISHED);
            learned(leased, "192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24");
            var second = tail.await(bestFor(gw, "192.168.1.0/24"), 2, WAIT);
            assertThat(second).hasSize(2);
            assertThat(((BgpBestRouteSelected) second.get(1).data()).pathKind()).isEqualTo(BgpPathKind.LEASED_LINE);
            assertThat(((BgpBestRouteSelected) second.get(1).data()).sessionId()).isEqualTo(leased);

            // cut the leased line: its routes are withdrawn and the IPsec paths become best again
            state(leased, BgpFsmState.IDLE);
            var third = tail.await(bestFor(gw, "192.168.1.0/24"), 3, WAIT);
            assertThat(third).hasSize(3);
            BgpBestRouteSelected fallback = (BgpBestRouteSelected) third.get(2).data();
            assertThat(fallback.pathKind()).isEqualTo(BgpPathKind.IPSEC);
            assertThat(fallback.ipsecConnectionId()).contains(conn);
            as(account).get("/v1/bgp-sessions/" + leased + "/received-routes").then().statusCode(200).body("items", hasSize(0));
            as(account).get("/v1/bgp-sessions/" + leased).then().body("state", equalTo("IDLE"))
                    .body("stateReason", equalTo("hold timer expired"));

            // restore: back to the leased line
            state(leased, BgpFsmState.ESTABLISHED);
            learned(leased, "192.168.1.0/24");
            var fourth = tail.await(bestFor(gw, "192.168.1.0/24"), 4, WAIT);
            assertThat(fourth).hasSize(4);
            assertThat(((BgpBestRouteSelected) fourth.get(3).data()).pathKind()).isEqualTo(BgpPathKind.LEASED_LINE);
            as(account).get("/v1/bgp-sessions/" + leased + "/received-routes").then()
                    .body("items.prefix", contains("192.168.1.0/24")).body("items[0].best", equalTo(true));
            as(account).get("/v1/bgp-sessions/" + ipsec + "/received-routes").then().body("items", hasSize(3))
                    .body("items.find { it.prefix == '192.168.1.0/24' }.best", equalTo(false))
                    .body("items.find { it.prefix == '192.168.0.0/24' }.best", equalTo(true));

            // a withdrawal of the last path removes the prefix
            events.publish("platform", ipsec, new BgpRoutesWithdrawn(ipsec, "gw-node-1", List.of("192.168.2.0/24"), Instant.now()));
            var removed = tail.await(r -> r.data() instanceof BgpBestRouteRemoved d && d.vpnGatewayId().equals(gw)
                    && d.prefix().equals("192.168.2.0/24"), 1, WAIT);
            assertThat(removed).hasSize(1);
            // the same observation again (Kafka redelivery) changes nothing
            assertThat(tail.settle(bestFor(gw, "192.168.1.0/24"), Duration.ofSeconds(1))).hasSize(4);
        }
    }

    // REQ-AS-003 when the node running the leased line dies without a word: its heartbeats stop, nothing else
    @Test
    void aSilentNodesSessionsGoDownAndTheirRoutesMoveToTheOtherPath() throws Exception {
        String account = unique("acct");
        String gw = unique("vgw");
        String conn = unique("vco");
        String node = unique("node");
        String ipsec = firstTunnelSession(account, gw, conn);
        String leased = leasedLine(account, gw);
        var heartbeats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (var tail = ContractEventTail.open(Topics.BGP)) {
            heartbeats.scheduleAtFixedRate(() -> events.publish("platform", node, new GatewayNodeHeartbeat(node, "zone-a",
                    List.of("10.100.0.1"), 10, "test", "key", Instant.now())), 0, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
            events.publish("platform", ipsec, new BgpSessionStateObserved(ipsec, "node-without-heartbeats", BgpFsmState.ESTABLISHED,
                    Optional.of("192.168.0.254"), Optional.empty(), Instant.now()));
            learned(ipsec, "192.168.1.0/24");
            assertThat(tail.await(best(gw, BgpPathKind.IPSEC), 1, WAIT)).hasSize(1);
            events.publish("platform", leased, new BgpSessionStateObserved(leased, node, BgpFsmState.ESTABLISHED,
                    Optional.of("192.168.0.254"), Optional.empty(), Instant.now()));
            learned(leased, "192.168.1.0/24");
            assertThat(tail.await(best(gw, BgpPathKind.LEASED_LINE), 1, WAIT)).hasSize(1);

            heartbeats.shutdownNow();
            Instant silent = Instant.now();
            assertThat(tail.await(best(gw, BgpPathKind.IPSEC), 2, WAIT)).hasSize(2);
            // the grace period (3 s in tests) and a sweep (1 s), not sooner
            assertThat(Duration.between(silent, Instant.now())).isGreaterThan(Duration.ofMillis(2000));
            as(account).get("/v1/bgp-sessions/" + leased).then().body("state", equalTo("IDLE"))
                    .body("stateReason", org.hamcrest.Matchers.startsWith("node " + node + " lost"));
            as(account).get("/v1/bgp-sessions/" + leased + "/received-routes").then().body("items", hasSize(0));
            // the session on a node that never sent heartbeats is not judged by them
            as(account).get("/v1/bgp-sessions/" + ipsec).then().body("state", equalTo("ESTABLISHED"));

            // the node is back and reports its session afresh: the leased line is best again
            events.publish("platform", node, new GatewayNodeHeartbeat(node, "zone-a", List.of("10.100.0.1"), 10, "test", "key",
                    Instant.now()));
            events.publish("platform", leased, new BgpSessionStateObserved(leased, node, BgpFsmState.ESTABLISHED,
                    Optional.of("192.168.0.254"), Optional.empty(), Instant.now()));
            learned(leased, "192.168.1.0/24");
            assertThat(tail.await(best(gw, BgpPathKind.LEASED_LINE), 2, WAIT)).hasSize(2);
        } finally {
            heartbeats.shutdownNow();
        }
    }

    @Test
    void disablingBgpRemovesTheTunnelSessionsAndTheirRoutes() {
        // REQ-TUN-010: BGP switched off after creation
        String account = unique("acct");
        String gw = unique("vgw");
        String conn = unique("vco");
        gateway(account, gw);
        try (var tail = ContractEventTail.open(Topics.BGP)) {
            events.publish(account, conn, new IpsecConnectionEvent.Created(connection(account, conn, gw, true)));
            String ipsec = "bgp-" + conn + "-t1";
            var configured = tail.await(r -> r.data() instanceof BgpSessionConfigured c && c.sessionId().equals(ipsec), 1, WAIT);
            assertThat(configured).hasSize(1);
            assertThat(configured.getFirst().envelope().subject()).isEqualTo(ipsec);
            state(ipsec, BgpFsmState.ESTABLISHED);
            learned(ipsec, "172.16.0.0/16");
            assertThat(tail.await(bestFor(gw, "172.16.0.0/16"), 1, WAIT)).hasSize(1);

            events.publish(account, conn, new IpsecConnectionEvent.BgpDisabled(connection(account, conn, gw, false)));
            assertThat(tail.await(r -> r.data() instanceof BgpSessionRemoved s && s.sessionId().equals(ipsec), 1, WAIT)).hasSize(1);
            assertThat(tail.await(bestFor(gw, "172.16.0.0/16"), 2, WAIT).get(1).data()).isInstanceOf(BgpBestRouteRemoved.class);
            as(account).get("/v1/bgp-sessions/" + ipsec).then().statusCode(404);
        }
    }

    @Test
    void leasedLineSessionsAreValidatedOwnedAndDeletable() {
        String account = unique("acct");
        String gw = unique("vgw");
        gateway(account, gw);
        Eventually.await(WAIT, () -> as(account).body("""
                {"vpnGatewayId": "%s", "localAsn": "45104", "peerAsn": "65530", "localAddress": "10.100.0.1",
                 "peerAddress": "10.100.0.2", "nodeId": "gw-node-1"}""".formatted(gw)).post("/v1/bgp-sessions").statusCode() == 201);
        String id = leasedLine(account, gw);
        as(account).get("/v1/bgp-sessions/" + id).then().statusCode(200).body("name", equalTo("vbr-tokyo"))
                .body("nodeId", equalTo("gw-node-1")).body("peerAsn", equalTo(65530));
        as(account).get("/v1/bgp-sessions/" + id + "/advertised-routes").then().body("items", contains("10.0.0.0/16"));
        as(account).queryParam("vpnGatewayId", gw).get("/v1/bgp-sessions").then().body("items.id", hasItem(id));

        // every wrong member at once, each with its code and field
        as(account).body("""
                {"vpnGatewayId": "%s", "localAsn": "0", "peerAsn": "4294967296", "localAddress": "10.100.0",
                 "peerAddress": "10.100.0.2", "advertisedPrefixes": ["0.0.0.0/0", "10.0.0.1/16"]}""".formatted(gw))
                .post("/v1/bgp-sessions").then().statusCode(400).body("code", equalTo("InvalidParameter.LocalAsn"))
                .body("errors.field", contains("localAsn", "peerAsn", "localAddress", "nodeId", "advertisedPrefixes[0]",
                        "advertisedPrefixes[1]"));
        as(account).body("{\"vpnGatewayId\": \"vgw-nope\", \"localAsn\": \"1.10\", \"peerAsn\": \"65530\","
                        + " \"localAddress\": \"10.1.0.1\", \"peerAddress\": \"10.1.0.2\", \"nodeId\": \"n\"}")
                .post("/v1/bgp-sessions").then().statusCode(400).body("code", equalTo("InvalidParameter.VpnGatewayId"))
                .body("field", equalTo("vpnGatewayId"));
        as(account).body("{not json").post("/v1/bgp-sessions").then().statusCode(400);

        // another account sees nothing and cannot use the gateway
        String other = unique("acct");
        as(other).get("/v1/bgp-sessions/" + id).then().statusCode(404).body("code", equalTo("NotFound.BgpSession"));
        as(other).get("/v1/bgp-sessions").then().body("items.id", not(hasItem(id)));
        as(other).delete("/v1/bgp-sessions/" + id).then().statusCode(404);

        as(account).delete("/v1/bgp-sessions/" + id).then().statusCode(204);
        as(account).get("/v1/bgp-sessions/" + id).then().statusCode(404);
        as(account).delete("/v1/bgp-sessions/" + id).then().statusCode(404);
    }

    @Test
    void tunnelSessionsCannotBeDeletedDirectly() {
        String account = unique("acct");
        String gw = unique("vgw");
        String conn = unique("vco");
        gateway(account, gw);
        events.publish(account, conn, new IpsecConnectionEvent.Created(connection(account, conn, gw, true)));
        String ipsec = "bgp-" + conn + "-t2";
        Eventually.await(WAIT, () -> as(account).get("/v1/bgp-sessions/" + ipsec).statusCode() == 200);
        as(account).delete("/v1/bgp-sessions/" + ipsec).then().statusCode(409).body("code", equalTo("Conflict.ManagedByConnection"));
    }
}
