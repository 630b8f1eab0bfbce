package io.vpnplane.e2e;

import static io.vpnplane.e2e.LocalSuite.PHASE2;
import static io.vpnplane.e2e.LocalSuite.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.vpnplane.agent.interop.StrongSwanSa;

/**
 * Issue #6 acceptance, everything real and in its own process ({@link LocalSuite}): connection-service and
 * tunnel-service on Kafka and PostgreSQL, three gateway agents in managed mode in three network namespaces (two in
 * zone-a, one in zone-b), and strongSwan at the customer site loading the peer configuration downloaded from the API,
 * unmodified (scenario 3 of issue #11).
 *
 * <p>A dual-tunnel connection created over REST comes up on two agents in different zones; changing one tunnel's
 * crypto renegotiates that tunnel only; killing the zone-a agent (SIGKILL) marks its tunnel down and re-places it on
 * the spare zone-a node, where it comes up again; killing and restarting the zone-b agent restores its tunnel from
 * the compacted topic; deleting the connection tears both down at the agents and at strongSwan. No PSK appears in
 * plain text in any topic, log or table. REQ-TUN-012, REQ-TUN-013, REQ-MOD-003, REQ-GW-002, REQ-GW-004.
 */
@Tag("interop")
class TunnelLifecycleEndToEndTest {

    private static final Duration UP = Duration.ofSeconds(60);

    @Test
    void aDualTunnelConnectionFromRestRunsOnTwoAgentsSurvivesAnAgentDyingAndGoesAwayAgain() throws Exception {
        assumeTrue(LocalSuite.runnable(), "needs root, strongSwan and the runnable jars (./vpnplane test runs mvn verify)");
        try (LocalSuite suite = LocalSuite.start(List.of("zone-a", "zone-b", "zone-a"),
                Map.of("vpnplane.tunnel.node-grace-period", "PT6S", "vpnplane.tunnel.sweep-interval", "500ms"))) {
            // REST: customer gateway, VPN gateway and a dual-tunnel, policy-mode connection attached to it
            String[] gateways = suite.customerAndVpnGateway();
            Instant posted = Instant.now();
            String connection = suite.connectionApi().body("""
                    {"name": "e2e", "routingMode": "policy", "localCidrs": ["172.31.0.0/16"], "remoteCidrs": ["192.168.50.0/24"],
                     "attachment": {"type": "vpn-gateway", "vpnGatewayId": "%s"},
                     "tunnels": [{"customerGatewayId": "%s"}, {"customerGatewayId": "%s"}]}""".formatted(gateways[1], gateways[0], gateways[0]))
                    .post("/v1/ipsec-connections").then().statusCode(201).extract().path("id");
            awaitTrue(UP, () -> suite.tunnelViews(connection).stream().filter(t -> t.get("gatewayIp") != null).count() == 2,
                    () -> "both tunnels placed: " + suite.tunnelViews(connection));
            suite.strongSwan().load(suite.peerConfig(connection));
            awaitTrue(UP, () -> suite.tunnelViews(connection).stream().allMatch(t -> PHASE2.equals(t.get("negotiationStatus"))),
                    () -> "both tunnels up: " + suite.tunnelViews(connection) + "\n" + suite.strongSwan().log());
            System.out.printf("e2e: POST /v1/ipsec-connections -> both tunnels '%s' in %d ms%n", PHASE2,
                    Duration.between(posted, Instant.now()).toMillis());
            List<Map<String, Object>> placed = suite.tunnelViews(connection);
            assertThat(placed).extracting(t -> t.get("zone")).containsExactlyInAnyOrder("zone-a", "zone-b");
            Map<String, Object> zoneA = placed.stream().filter(t -> "zone-a".equals(t.get("zone"))).findFirst().orElseThrow();
            Map<String, Object> zoneB = placed.stream().filter(t -> "zone-b".equals(t.get("zone"))).findFirst().orElseThrow();
            String tunnelA = (String) zoneA.get("tunnelId");
            String tunnelB = (String) zoneB.get("tunnelId");
            List<String> psks = placed.stream().map(t -> (String) suite.connectionApi()
                    .get("/v1/ipsec-connections/" + connection + "/tunnels/" + t.get("tunnelId") + "/pre-shared-key")
                    .then().statusCode(200).extract().path("preSharedKey")).toList();

            // REQ-MOD-003: new crypto for the zone-a tunnel renegotiates it; the zone-b tunnel's IKE SA stays as it was
            String untouchedSpi = suite.ikeSa((String) zoneB.get("gatewayIp")).orElseThrow().initiatorSpi();
            String etag = suite.connectionApi().get("/v1/ipsec-connections/" + connection).then().extract().header("ETag");
            suite.connectionApi().header("If-Match", etag).body("{\"ike\": {\"encryption\": \"aes256\", \"integrity\": \"sha256\","
                    + " \"dhGroup\": \"group14\"}}").patch("/v1/ipsec-connections/" + connection + "/tunnels/" + tunnelA)
                    .then().statusCode(200);
            suite.strongSwan().load(suite.peerConfig(connection));
            awaitTrue(UP, () -> suite.ikeSa((String) zoneA.get("gatewayIp"))
                    .filter(sa -> sa.encryptionKeySize().equals(Optional.of("256"))).isPresent()
                    && PHASE2.equals(suite.tunnelView(tunnelA).get("negotiationStatus")),
                    () -> "zone-a tunnel renegotiated with AES-256: " + suite.strongSwan().listSas());
            assertThat(suite.ikeSa((String) zoneB.get("gatewayIp")).orElseThrow().initiatorSpi()).isEqualTo(untouchedSpi);

            // kill -9 the zone-a agent: its tunnel goes down and moves to the spare zone-a node, and comes up there
            suite.killAgent(LocalSuite.nodeIndex((String) zoneA.get("nodeId")));
            Instant killed = Instant.now();
            awaitTrue(UP, () -> {
                Object node = suite.tunnelView(tunnelA).get("nodeId");
                return node != null && !node.equals(zoneA.get("nodeId"));
            }, () -> "zone-a tunnel re-placed: " + suite.tunnelViews(connection));
            suite.strongSwan().load(suite.peerConfig(connection));
            awaitTrue(UP, () -> PHASE2.equals(suite.tunnelView(tunnelA).get("negotiationStatus")),
                    () -> "re-placed tunnel up: " + suite.tunnelViews(connection) + "\n" + suite.strongSwan().log());
            System.out.printf("e2e: zone-a agent killed -> its tunnel up again on %s in %d ms%n",
                    suite.tunnelView(tunnelA).get("nodeId"), Duration.between(killed, Instant.now()).toMillis());

            // kill -9 and restart the zone-b agent: it rebuilds its tunnel from vpn.agent-config
            int zoneBNode = LocalSuite.nodeIndex((String) zoneB.get("nodeId"));
            suite.killAgent(zoneBNode);
            String spiBefore = suite.ikeSa((String) zoneB.get("gatewayIp")).map(StrongSwanSa.IkeSa::initiatorSpi).orElse("");
            suite.startAgent(zoneBNode);
            awaitTrue(UP, () -> suite.ikeSa((String) zoneB.get("gatewayIp"))
                    .filter(sa -> !sa.initiatorSpi().equals(spiBefore) && !sa.children().isEmpty()).isPresent()
                    && PHASE2.equals(suite.tunnelView(tunnelB).get("negotiationStatus")),
                    () -> "restarted agent's tunnel up again: " + suite.tunnelViews(connection) + "\n" + suite.strongSwan().listSas());

            // delete: both tunnels torn down at the agents and at strongSwan (the killed agent's SA is charon's DPD business)
            List<String> liveGatewayIps = suite.tunnelViews(connection).stream().map(t -> (String) t.get("gatewayIp")).toList();
            suite.connectionApi().delete("/v1/ipsec-connections/" + connection).then()
                    .statusCode(Matchers.anyOf(Matchers.is(202), Matchers.is(204)));
            awaitTrue(UP, () -> suite.tunnelViews(connection).isEmpty()
                            && liveGatewayIps.stream().allMatch(ip -> suite.ikeSa(ip).isEmpty()),
                    () -> "torn down: " + suite.tunnelViews(connection) + " / " + suite.strongSwan().listSas());

            // no PSK in plain text in any topic, any process's log or any table
            assertThat(psks).allSatisfy(psk -> assertThat(psk).hasSizeGreaterThanOrEqualTo(8));
            List<String> logs = new ArrayList<>();
            try (Stream<Path> files = Files.list(ServiceProcess.root().resolve("e2e/target/e2e-logs"))) {
                for (Path file : files.toList()) {
                    logs.add(Files.readString(file));
                }
            }
            assertThat(logs).isNotEmpty().noneMatch(log -> psks.stream().anyMatch(log::contains));
            assertThat(TopicScan.allRecords(suite.broker())).isNotEmpty().noneMatch(record -> psks.stream().anyMatch(record::contains));
            assertThat(suite.allRows()).isNotEmpty().noneMatch(row -> psks.stream().anyMatch(row::contains));
        }
    }
}
