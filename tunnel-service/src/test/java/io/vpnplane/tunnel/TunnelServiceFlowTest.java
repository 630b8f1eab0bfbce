package io.vpnplane.tunnel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vpnplane.api.DevTokens;
import io.vpnplane.events.Topics;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.events.agentstatus.ChildSaEstablished;
import io.vpnplane.events.agentstatus.IkeSaEstablished;
import io.vpnplane.events.agentstatus.TunnelConfigApplied;
import io.vpnplane.events.agentstatus.TunnelTornDown;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.node.GatewayNodeHeartbeat;
import io.vpnplane.events.tunnel.TunnelStatusChanged;
import io.vpnplane.testkit.KafkaAndPostgres;
import io.vpnplane.tunnel.secret.NodeKeyPair;
import io.vpnplane.events.secret.TransitKey;

/**
 * The whole path on a real Kafka broker and PostgreSQL: heartbeats build the registry, a connection event becomes two
 * placed tunnels with sealed configurations, agent observations become status, a silent node's tunnel moves.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @ResourceArg(name = "prefix", value = "tunnel_flow"))
class TunnelServiceFlowTest {

    // The dev/test transit key of application.properties, as connection-service would hold it.
    private static final TransitKey TRANSIT = TransitKey.fromBase64("dnBucGxhbmUtZGV2LXRyYW5zaXQta2V5LTMyLWJ5dGU=");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ACCOUNT = "acct-" + RUN;
    private static final String PSK = "Plain-PSK-" + RUN + "!";

    private static final Map<String, NodeKeyPair> KEYS = new ConcurrentHashMap<>();
    private static final Map<String, GatewayNodeHeartbeat> ALIVE = new ConcurrentHashMap<>();
    private static PlatformTraffic traffic;
    private static ScheduledExecutorService heartbeats;

    @BeforeAll
    static void agents() {
        traffic = new PlatformTraffic();
        heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> ALIVE.values().forEach(h -> traffic.publish(Optional.empty(), h.nodeId(),
                new GatewayNodeHeartbeat(h.nodeId(), h.zone(), h.gatewayAddresses(), h.capacity(), h.softwareVersion(), h.publicKey(),
                        Instant.now()))), 0, 500, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    static void stopAgents() {
        heartbeats.shutdownNow();
        traffic.close();
    }

    private static String node(String name, String zone, String... addresses) {
        String id = name + "-" + RUN;
        NodeKeyPair keys = KEYS.computeIfAbsent(id, k -> NodeKeyPair.generate());
        ALIVE.put(id, new GatewayNodeHeartbeat(id, zone + "-" + RUN, List.of(addresses), 10, "0.1.0-test", keys.publicKey(), Instant.now()));
        return id;
    }

    @Test
    void placesDualTunnelsInTwoZonesSealsThePskReportsStatusAndMovesTunnelsOffASilentNode() throws Exception {
        String a1 = node("a1", "zone-a", "203.0.113.10", "203.0.113.11");
        String a2 = node("a2", "zone-a", "203.0.113.10", "203.0.113.11");
        String connectionId = "vco-" + RUN;
        String t1 = "tun-1-" + RUN;
        String t2 = "tun-2-" + RUN;
        awaitNodes(2);

        publishConnection(new IpsecConnectionEvent.Created(connection(connectionId, t1, t2)));

        // REQ-TUN-013: zone-a only → the first tunnel runs, the second waits and says why
        TunnelConfigDesired first = awaitConfig(t1, 1);
        assertThat(first.nodeId()).isEqualTo(a1);
        assertThat(first.gatewayIp()).isEqualTo("203.0.113.10");
        awaitTunnel(t2, () -> tunnel(t2).body("state", equalTo("updating"))
                .body("pendingReason", org.hamcrest.Matchers.containsString("zone other than zone-a-" + RUN)));

        String b1 = node("b1", "zone-b", "198.51.100.10");
        TunnelConfigDesired second = awaitConfig(t2, 1);
        assertThat(second.nodeId()).isEqualTo(b1);
        assertThat(second.zone()).isNotEqualTo(first.zone());

        // The PSK is sealed to the node that runs the tunnel, opens only there, and never travels in plain text.
        assertThat(KEYS.get(a1).open(first.preSharedKey(), t1)).isEqualTo(PSK);
        assertThat(KEYS.get(b1).open(second.preSharedKey(), t2)).isEqualTo(PSK);
        assertThat(first.ike().localId()).isEqualTo("203.0.113.10");
        assertThat(first.trafficSelectors().remote()).containsExactly("0.0.0.0/0");
        for (String topic : Topics.all()) {
            assertThat(PlatformTraffic.readAll(topic)).allSatisfy(r -> assertThat(
                    r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8)).doesNotContain(PSK));
        }

        // REQ-TUN-012 / REQ-GW-002: the node confirms and negotiates → active, phase 2 succeeded, routing is told
        traffic.publish(Optional.of(ACCOUNT), t1, new TunnelConfigApplied(t1, a1, 1, Instant.now()));
        traffic.publish(Optional.of(ACCOUNT), t1, new IkeSaEstablished(t1, a1, Instant.now()));
        traffic.publish(Optional.of(ACCOUNT), t1, new ChildSaEstablished(t1, a1, Instant.now()));
        awaitTunnel(t1, () -> tunnel(t1).body("state", equalTo("active"))
                .body("negotiationStatus", equalTo("phase 2 negotiation succeeded"))
                .body("gatewayIp", equalTo("203.0.113.10")).body("nodeId", equalTo(a1)));
        PlatformTraffic.await(Topics.TUNNELS, r -> t1.equals(r.key()) && r.value() != null
                && PlatformTraffic.type(r).startsWith("io.vpnplane.tunnel.status-changed")
                && PlatformTraffic.decode(r, TunnelStatusChanged.class).status() == TunnelStatusChanged.NegotiationStatus.IPSEC_SA_ESTABLISHED);
        given().auth().oauth2(DevTokens.forAccount(ACCOUNT)).queryParam("connectionId", connectionId)
                .get("/v1/tunnels").then().statusCode(200).body("$", hasSize(2));

        // a1 falls silent: after the grace period its tunnel is down and moves to a2, same zone, same gateway IP
        ALIVE.remove(a1);
        TunnelConfigDesired moved = awaitConfig(t1, 2);
        assertThat(moved.nodeId()).isEqualTo(a2);
        assertThat(moved.gatewayIp()).isEqualTo("203.0.113.10");
        assertThat(KEYS.get(a2).open(moved.preSharedKey(), t1)).isEqualTo(PSK);
        PlatformTraffic.await(Topics.TUNNELS, r -> t1.equals(r.key()) && r.value() != null
                && PlatformTraffic.type(r).startsWith("io.vpnplane.tunnel.status-changed")
                && PlatformTraffic.decode(r, TunnelStatusChanged.class).failureReason().equals(Optional.of("gateway node " + a1 + " down")));
        awaitTunnel(t1, () -> tunnel(t1).body("state", equalTo("updating")).body("nodeId", equalTo(a2)));
        given().auth().oauth2(operatorToken()).get("/v1/gateway-nodes").then().statusCode(200)
                .body("find { it.nodeId == '" + a1 + "' }.status", equalTo("down"))
                .body("find { it.nodeId == '" + a2 + "' }.placedTunnels", equalTo(1));
        given().auth().oauth2(DevTokens.forAccount(ACCOUNT)).get("/v1/gateway-nodes").then().statusCode(403);

        // REQ-MOD-003: changing the second tunnel's DPD re-configures that tunnel only
        IpsecConnectionState changed = connection(connectionId, t1, t2);
        List<IpsecConnectionState.Tunnel> tunnels = new java.util.ArrayList<>(changed.tunnels());
        IpsecConnectionState.Tunnel second2 = tunnels.get(1);
        tunnels.set(1, new IpsecConnectionState.Tunnel(second2.id(), second2.customerGatewayId(), second2.customerGatewayIp(),
                second2.customerGatewayAsn(), second2.preSharedKeyVersion(), second2.ike(), second2.ipsec(),
                new IpsecConnectionState.Dpd(true, "restart", 10, 60), second2.natTraversal(), second2.bgp(), second2.healthCheck(),
                second2.transitSealedPreSharedKey()));
        IpsecConnectionState withNewDpd = new IpsecConnectionState(changed.id(), changed.accountId(), changed.name(), changed.resourceGroupId(),
                changed.tags(), changed.attachment(), changed.gatewayType(), changed.tunnelMode(), changed.routingMode(), changed.localCidrs(),
                changed.remoteCidrs(), changed.effectImmediately(), changed.bgp(), changed.advanced(), tunnels, changed.grants());
        publishConnection(new IpsecConnectionEvent.TunnelChanged(t2, withNewDpd, List.of("dpd")));
        assertThat(awaitConfig(t2, 2).dpd().timeoutSeconds()).isEqualTo(60);
        assertThat(PlatformTraffic.readAll(Topics.AGENT_CONFIG)).filteredOn(r -> t1.equals(r.key()) && r.value() != null)
                .extracting(r -> PlatformTraffic.decode(r, TunnelConfigDesired.class).configVersion()).containsExactly(1L, 2L);

        // REQ-TUN-012: a connection not attached yet waits without gateway IP; attaching places it
        String single = "vco-single-" + RUN;
        String t3 = "tun-3-" + RUN;
        IpsecConnectionState detached = connection(single, t3);
        detached = new IpsecConnectionState(detached.id(), detached.accountId(), detached.name(), detached.resourceGroupId(), detached.tags(),
                new IpsecConnectionState.Attachment("none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                detached.gatewayType(), "single", detached.routingMode(), detached.localCidrs(), detached.remoteCidrs(),
                detached.effectImmediately(), detached.bgp(), detached.advanced(), detached.tunnels(), detached.grants());
        publishConnection(new IpsecConnectionEvent.Created(detached));
        awaitTunnel(t3, () -> tunnel(t3).body("state", equalTo("updating"))
                .body("pendingReason", org.hamcrest.Matchers.containsString("once the connection is attached"))
                .body("gatewayIp", org.hamcrest.Matchers.nullValue()));
        publishConnection(new IpsecConnectionEvent.Attached(connection(single, t3)));
        TunnelConfigDesired attached = awaitConfig(t3, 1);
        assertThat(attached.gatewayIp()).isEqualTo("203.0.113.11");
        awaitTunnel(t3, () -> tunnel(t3).body("gatewayIp", equalTo("203.0.113.11")));

        // Deleting the connection withdraws both configurations as tombstones; each tunnel is gone once its node tore it down.
        publishConnection(new IpsecConnectionEvent.Deleted(connection(connectionId, t1, t2)));
        for (String t : List.of(t1, t2)) {
            PlatformTraffic.await(Topics.AGENT_CONFIG, r -> t.equals(r.key()) && r.value() == null
                    && PlatformTraffic.type(r).startsWith("io.vpnplane.agent-config.tunnel-withdrawn"));
        }
        awaitTunnel(t2, () -> tunnel(t2).body("state", equalTo("deleting")));
        traffic.publish(Optional.of(ACCOUNT), t2, new TunnelTornDown(t2, b1, Instant.now()));
        awaitTunnel(t2, () -> given().auth().oauth2(DevTokens.forAccount(ACCOUNT)).get("/v1/tunnels/" + t2).then().statusCode(404));
    }

    @Test
    void anotherAccountSeesNoTunnel() {
        given().auth().oauth2(DevTokens.forAccount("someone-else")).get("/v1/tunnels").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(DevTokens.forAccount("someone-else")).get("/v1/tunnels/tun-none").then().statusCode(404)
                .contentType("application/problem+json");
    }

    private void publishConnection(IpsecConnectionEvent event) {
        traffic.publish(Optional.of(ACCOUNT), event.connection().id(), (Record) event);
    }

    private static IpsecConnectionState connection(String id, String... tunnelIds) {
        List<IpsecConnectionState.Tunnel> tunnels = java.util.Arrays.stream(tunnelIds).map(t -> new IpsecConnectionState.Tunnel(t,
                "cgw-" + RUN, "192.0.2.10", Optional.of(65010L), 1,
                new IpsecConnectionState.Ike("ikev2", "main", "aes", "sha1", "group2", 86400, Optional.empty(), Optional.empty()),
                new IpsecConnectionState.Ipsec("aes", "sha1", "group2", 86400),
                new IpsecConnectionState.Dpd(true, "restart", 10, 130), true, Optional.empty(),
                new IpsecConnectionState.HealthCheck(false, Optional.empty(), Optional.empty(), 3, 3, true),
                // Plays connection-service: each tunnel's PSK travels sealed with the transit key (docs/architecture.md "Secrets").
                Optional.of(TRANSIT.seal(t, 1, PSK.getBytes(StandardCharsets.UTF_8))))).toList();
        return new IpsecConnectionState(id, ACCOUNT, "flow", Optional.empty(), Map.of(),
                new IpsecConnectionState.Attachment("transit-router", Optional.empty(), Optional.of("cen-1"), Optional.of("tr-1"), Optional.empty()),
                "public", "dual", "destination", List.of(), List.of(), true, new IpsecConnectionState.Bgp(false, 45104),
                new IpsecConnectionState.Advanced(true, true, true), tunnels, List.of());
    }

    private static TunnelConfigDesired awaitConfig(String tunnelId, long version) {
        List<ConsumerRecord<String, byte[]>> found = PlatformTraffic.await(Topics.AGENT_CONFIG, r -> tunnelId.equals(r.key())
                && r.value() != null && PlatformTraffic.decode(r, TunnelConfigDesired.class).configVersion() == version);
        return PlatformTraffic.decode(found.getFirst(), TunnelConfigDesired.class);
    }

    private static ValidatableResponse tunnel(String tunnelId) {
        return given().auth().oauth2(DevTokens.forAccount(ACCOUNT)).get("/v1/tunnels/" + tunnelId).then().statusCode(200);
    }

    private static void awaitNodes(int count) {
        awaitTunnel("nodes", () -> given().auth().oauth2(operatorToken()).get("/v1/gateway-nodes").then().statusCode(200)
                .body("findAll { it.nodeId.endsWith('" + RUN + "') }", hasSize(count)));
    }

    /** Retries an assertion until it holds (the service is eventually consistent with Kafka). */
    private static void awaitTunnel(String what, Supplier<?> assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            try {
                assertion.get();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("still failing after 40 s for " + what, e);
                }
                PlatformTraffic.sleep(Duration.ofMillis(300));
            }
        }
    }

    private static String operatorToken() {
        Map<String, Object> claims = new java.util.LinkedHashMap<>(DevTokens.claims("ops-" + RUN, Instant.now(), Instant.now().plus(Duration.ofHours(1))));
        claims.put("groups", List.of("user", "operator"));
        return DevTokens.sign(claims, DevTokens.devPrivateKey());
    }

}
