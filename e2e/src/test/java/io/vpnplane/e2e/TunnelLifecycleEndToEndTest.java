package io.vpnplane.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.NamespacePortForwarder;
import io.vpnplane.agent.interop.NetworkNamespace;
import io.vpnplane.agent.interop.StrongSwanPeer;
import io.vpnplane.agent.interop.StrongSwanSa;
import io.vpnplane.api.DevTokens;
import io.vpnplane.testkit.KafkaBroker;
import io.vpnplane.testkit.PostgresDatabase;

/**
 * Issue #6 acceptance, everything real and in its own process: connection-service and tunnel-service (their
 * runnable jars) on Kafka and PostgreSQL, three gateway agents in managed mode in three network namespaces (two in
 * zone-a, one in zone-b), and strongSwan at the customer site loading the peer configuration downloaded from the API,
 * unmodified (scenario 3 of issue #11).
 *
 * <p>A dual-tunnel connection created over REST comes up on two agents in different zones; changing one tunnel's
 * crypto renegotiates that tunnel only; killing the zone-a agent (SIGKILL) marks its tunnel down and re-places it on
 * the spare zone-a node, where it comes up again; killing and restarting the zone-b agent restores its tunnel from
 * the compacted topic; deleting the connection tears both down at the agents and at strongSwan. No PSK appears in
 * plain text in any topic or log. REQ-TUN-012, REQ-TUN-013, REQ-MOD-003, REQ-GW-002, REQ-GW-004.
 */
@Tag("interop")
class TunnelLifecycleEndToEndTest {

    private static final String ACCOUNT = "acct-e2e";
    private static final String PHASE2 = "phase 2 negotiation succeeded";
    private static final Duration UP = Duration.ofSeconds(60);
    private static final String TRANSIT_KEY = "dnBucGxhbmUtZGV2LXRyYW5zaXQta2V5LTMyLWJ5dGU=";

    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final Map<Integer, ServiceProcess> agents = new HashMap<>();

    @Test
    void aDualTunnelConnectionFromRestRunsOnTwoAgentsSurvivesAnAgentDyingAndGoesAwayAgain() throws Exception {
        assumeTrue(HostCommands.runningAsRoot(), "needs root (network namespaces, TUN devices)");
        assumeTrue(StrongSwanPeer.isInstalled(), "needs strongswan-charon and strongswan-swanctl");
        assumeTrue(Stream.of("connection-service", "tunnel-service", "gateway-agent").allMatch(ServiceProcess::built),
                "needs the runnable jars: run ./vpnplane test (mvn verify), not just the test phase");
        KafkaBroker broker = KafkaBroker.shared().createContractTopics();
        int kafkaPort = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));
        Path state = Files.createTempDirectory("vpnplane-e2e");
        try (GatewayFabric fabric = GatewayFabric.create()) {
            ServiceProcess connections = service("connection-service", PostgresDatabase.fresh("e2e_conn"), broker, Map.of());
            ServiceProcess tunnels = service("tunnel-service", PostgresDatabase.fresh("e2e_tun"), broker,
                    Map.of("vpnplane.tunnel.node-grace-period", "PT6S", "vpnplane.tunnel.sweep-interval", "500ms"));
            List<NetworkNamespace> nodes = List.of(fabric.addNode(), fabric.addNode(), fabric.addNode());
            List<String> zones = List.of("zone-a", "zone-b", "zone-a");
            for (int i = 0; i < nodes.size(); i++) {
                closeLast.add(NamespacePortForwarder.open(nodes.get(i), kafkaPort));
                agents.put(i, agent(i, nodes.get(i), zones.get(i), broker, state));
            }
            // the on-premises network: charon (kernel-libipsec) routes it with a source address inside it
            fabric.site().run("ip", "addr", "add", "192.168.50.1/32", "dev", "lo").requireSuccess();
            StrongSwanPeer strongSwan = StrongSwanPeer.start(fabric.site(), state.resolve("charon"));
            closeLast.add(strongSwan);
            connections.awaitReady(Duration.ofMinutes(2));
            tunnels.awaitReady(Duration.ofMinutes(2));
            awaitTrue(Duration.ofSeconds(60), () -> operator(tunnels).get("/v1/gateway-nodes").then().extract()
                    .jsonPath().getList("findAll { it.status == 'up' }").size() == 3, () -> "three nodes up");

            // REST: customer gateway, VPN gateway and a dual-tunnel, policy-mode connection attached to it
            String cgw = api(connections).body("{\"name\": \"site\", \"ipAddress\": \"" + GatewayFabric.SITE_ADDRESS + "\"}")
                    .post("/v1/customer-gateways").then().statusCode(201).extract().path("id");
            String vpnGateway = api(connections).body("{\"name\": \"e2e\", \"vpcId\": \"vpc-e2e\"}").post("/v1/vpn-gateways")
                    .then().statusCode(201).extract().path("id");
            Instant posted = Instant.now();
            String connection = api(connections).body("""
                    {"name": "e2e", "routingMode": "policy", "localCidrs": ["172.31.0.0/16"], "remoteCidrs": ["192.168.50.0/24"],
                     "attachment": {"type": "vpn-gateway", "vpnGatewayId": "%s"},
                     "tunnels": [{"customerGatewayId": "%s"}, {"customerGatewayId": "%s"}]}""".formatted(vpnGateway, cgw, cgw))
                    .post("/v1/ipsec-connections").then().statusCode(201).extract().path("id");
            awaitTrue(UP, () -> tunnelViews(tunnels, connection).stream().filter(t -> t.get("gatewayIp") != null).count() == 2,
                    () -> "both tunnels placed: " + tunnelViews(tunnels, connection));
            strongSwan.load(peerConfig(connections, connection));
            awaitTrue(UP, () -> tunnelViews(tunnels, connection).stream().allMatch(t -> PHASE2.equals(t.get("negotiationStatus"))),
                    () -> "both tunnels up: " + tunnelViews(tunnels, connection) + "\n" + strongSwan.log());
            System.out.printf("e2e: POST /v1/ipsec-connections -> both tunnels '%s' in %d ms%n", PHASE2,
                    Duration.between(posted, Instant.now()).toMillis());
            List<Map<String, Object>> placed = tunnelViews(tunnels, connection);
            assertThat(placed).extracting(t -> t.get("zone")).containsExactlyInAnyOrder("zone-a", "zone-b");
            Map<String, Object> zoneA = placed.stream().filter(t -> "zone-a".equals(t.get("zone"))).findFirst().orElseThrow();
            Map<String, Object> zoneB = placed.stream().filter(t -> "zone-b".equals(t.get("zone"))).findFirst().orElseThrow();
            List<String> psks = placed.stream().map(t -> (String) api(connections)
                    .get("/v1/ipsec-connections/" + connection + "/tunnels/" + t.get("tunnelId") + "/pre-shared-key")
                    .then().statusCode(200).extract().path("preSharedKey")).toList();

            // REQ-MOD-003: new crypto for the zone-a tunnel renegotiates it; the zone-b tunnel's IKE SA stays as it was
            String untouchedSpi = ikeSa(strongSwan, (String) zoneB.get("gatewayIp")).orElseThrow().initiatorSpi();
            String etag = api(connections).get("/v1/ipsec-connections/" + connection).then().extract().header("ETag");
            api(connections).header("If-Match", etag).body("{\"ike\": {\"encryption\": \"aes256\", \"integrity\": \"sha256\","
                    + " \"dhGroup\": \"group14\"}}").patch("/v1/ipsec-connections/" + connection + "/tunnels/" + zoneA.get("tunnelId"))
                    .then().statusCode(200);
            strongSwan.load(peerConfig(connections, connection));
            awaitTrue(UP, () -> ikeSa(strongSwan, (String) zoneA.get("gatewayIp"))
                    .filter(sa -> sa.encryptionKeySize().equals(Optional.of("256"))).isPresent()
                    && PHASE2.equals(tunnelView(tunnels, (String) zoneA.get("tunnelId")).get("negotiationStatus")),
                    () -> "zone-a tunnel renegotiated with AES-256: " + strongSwan.listSas());
            assertThat(ikeSa(strongSwan, (String) zoneB.get("gatewayIp")).orElseThrow().initiatorSpi()).isEqualTo(untouchedSpi);

            // kill -9 the zone-a agent: its tunnel goes down and moves to the spare zone-a node, and comes up there
            int zoneANode = nodeIndex((String) zoneA.get("nodeId"));
            agents.get(zoneANode).kill();
            Instant killed = Instant.now();
            awaitTrue(UP, () -> {
                Map<String, Object> moved = tunnelView(tunnels, (String) zoneA.get("tunnelId"));
                return moved.get("nodeId") != null && !moved.get("nodeId").equals(zoneA.get("nodeId"));
            }, () -> "zone-a tunnel re-placed: " + tunnelViews(tunnels, connection));
            strongSwan.load(peerConfig(connections, connection));
            awaitTrue(UP, () -> PHASE2.equals(tunnelView(tunnels, (String) zoneA.get("tunnelId")).get("negotiationStatus")),
                    () -> "re-placed tunnel up: " + tunnelViews(tunnels, connection) + "\n" + strongSwan.log());
            System.out.printf("e2e: zone-a agent killed -> its tunnel up again on %s in %d ms%n",
                    tunnelView(tunnels, (String) zoneA.get("tunnelId")).get("nodeId"), Duration.between(killed, Instant.now()).toMillis());

            // kill -9 and restart the zone-b agent: it rebuilds its tunnel from vpn.agent-config
            int zoneBNode = nodeIndex((String) zoneB.get("nodeId"));
            agents.get(zoneBNode).kill();
            String spiBefore = ikeSa(strongSwan, (String) zoneB.get("gatewayIp")).map(StrongSwanSa.IkeSa::initiatorSpi).orElse("");
            agents.put(zoneBNode, agent(zoneBNode, nodes.get(zoneBNode), "zone-b", broker, state));
            awaitTrue(UP, () -> ikeSa(strongSwan, (String) zoneB.get("gatewayIp"))
                    .filter(sa -> !sa.initiatorSpi().equals(spiBefore) && !sa.children().isEmpty()).isPresent()
                    && PHASE2.equals(tunnelView(tunnels, (String) zoneB.get("tunnelId")).get("negotiationStatus")),
                    () -> "restarted agent's tunnel up again: " + tunnelViews(tunnels, connection) + "\n" + strongSwan.listSas());

            // delete: both tunnels torn down at the agents and at strongSwan (the killed agent's SA is charon's DPD business)
            List<String> liveGatewayIps = tunnelViews(tunnels, connection).stream().map(t -> (String) t.get("gatewayIp")).toList();
            api(connections).delete("/v1/ipsec-connections/" + connection).then().statusCode(org.hamcrest.Matchers.anyOf(
                    org.hamcrest.Matchers.is(202), org.hamcrest.Matchers.is(204)));
            awaitTrue(UP, () -> tunnelViews(tunnels, connection).isEmpty()
                            && liveGatewayIps.stream().allMatch(ip -> ikeSa(strongSwan, ip).isEmpty()),
                    () -> "torn down: " + tunnelViews(tunnels, connection) + " / " + strongSwan.listSas());

            // no PSK in plain text in any topic or any process's log
            assertThat(psks).allSatisfy(psk -> assertThat(psk).hasSizeGreaterThanOrEqualTo(8));
            List<String> logs = new ArrayList<>();
            try (Stream<Path> files = Files.list(ServiceProcess.root().resolve("e2e/target/e2e-logs"))) {
                for (Path file : files.toList()) {
                    logs.add(Files.readString(file));
                }
            }
            assertThat(logs).noneMatch(log -> psks.stream().anyMatch(log::contains));
            assertThat(TopicScan.allRecords(broker)).noneMatch(record -> psks.stream().anyMatch(record::contains));
        } finally {
            for (ServiceProcess agent : agents.values()) {
                agent.close();
            }
            for (AutoCloseable closeable : closeLast.reversed()) {
                closeable.close();
            }
        }
    }

    private ServiceProcess service(String module, PostgresDatabase database, KafkaBroker broker, Map<String, String> properties) {
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "VPNPLANE_DB_URL", database.reactiveUrl(),
                "VPNPLANE_DB_USER", database.user(),
                "VPNPLANE_DB_PASSWORD", database.password(),
                "VPNPLANE_JWT_PUBLIC_KEY", "file:" + ServiceProcess.root().resolve("deploy/local/dev-jwt/public-key.pem"),
                "VPNPLANE_JWT_ISSUER", DevTokens.ISSUER,
                "VPNPLANE_SECRETS_KEY", "qkJ19FrHpEqIux65DL7o8lzd7+9NsG112heTPfKoGqw=",
                "VPNPLANE_TRANSIT_KEY", TRANSIT_KEY);
        ServiceProcess process = ServiceProcess.start(module, module, ServiceProcess.freePort(), environment, properties, Optional.empty());
        closeLast.add(process);
        return process;
    }

    private static ServiceProcess agent(int index, NetworkNamespace node, String zone, KafkaBroker broker, Path state) {
        return ServiceProcess.start("gateway-agent-" + index, "gateway-agent", 18090, Map.of(), Map.of(
                "vpnplane.agent.managed.node-id", "e2e-node-" + index,
                "vpnplane.agent.managed.zone", zone,
                "vpnplane.agent.managed.kafka-bootstrap-servers", broker.bootstrapServers(),
                "vpnplane.agent.managed.gateway-addresses", GatewayFabric.nodeAddress(index),
                "vpnplane.agent.managed.state-dir", state.resolve("node-" + index).toString(),
                "vpnplane.agent.managed.heartbeat-interval", "1s",
                "vpnplane.agent.managed.data-plane", "on"), Optional.of(node));
    }

    private static int nodeIndex(String nodeId) {
        return Integer.parseInt(nodeId.substring("e2e-node-".length()));
    }

    private static RequestSpecification api(ServiceProcess service) {
        return given().baseUri(service.baseUrl()).auth().oauth2(DevTokens.forAccount(ACCOUNT)).contentType(ContentType.JSON);
    }

    private static RequestSpecification operator(ServiceProcess service) {
        Map<String, Object> claims = new HashMap<>(DevTokens.claims("ops-e2e", Instant.now(), Instant.now().plus(Duration.ofHours(1))));
        claims.put("groups", List.of("user", "operator"));
        return given().baseUri(service.baseUrl()).auth().oauth2(DevTokens.sign(claims, DevTokens.devPrivateKey()));
    }

    private static String peerConfig(ServiceProcess connections, String connection) {
        return api(connections).queryParam("encap", true).get("/v1/ipsec-connections/" + connection + "/peer-config")
                .then().statusCode(200).extract().asString();
    }

    private static List<Map<String, Object>> tunnelViews(ServiceProcess tunnels, String connection) {
        return api(tunnels).queryParam("connectionId", connection).get("/v1/tunnels").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    private static Map<String, Object> tunnelView(ServiceProcess tunnels, String tunnelId) {
        return api(tunnels).get("/v1/tunnels/" + tunnelId).then().statusCode(200).extract().jsonPath().getMap("$");
    }

    /** charon's IKE SA towards one cloud gateway IP. */
    private static Optional<StrongSwanSa.IkeSa> ikeSa(StrongSwanPeer strongSwan, String gatewayIp) {
        return strongSwan.listSas().stream().filter(sa -> sa.remoteHost().equals(gatewayIp)).findFirst();
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            Thread.sleep(250);
        }
    }
}
