package io.vpnplane.e2e;

import static io.restassured.RestAssured.given;

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
 * The suite as separate processes for end-to-end tests and benchmarks: connection-service and tunnel-service on the
 * shared Kafka broker and fresh databases, one managed agent per node namespace of a {@link GatewayFabric}, strongSwan
 * in the site namespace. Everything is stopped by {@link #close}.
 */
final class LocalSuite implements AutoCloseable {

    static final String ACCOUNT = "acct-e2e";
    static final String PHASE2 = "phase 2 negotiation succeeded";
    private static final String TRANSIT_KEY = "dnBucGxhbmUtZGV2LXRyYW5zaXQta2V5LTMyLWJ5dGU=";
    private static final String SECRETS_KEY = "qkJ19FrHpEqIux65DL7o8lzd7+9NsG112heTPfKoGqw=";

    private final KafkaBroker broker;
    private final Path state;
    private final GatewayFabric fabric;
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final List<NetworkNamespace> nodes = new ArrayList<>();
    private final List<String> zones;
    private final int addressesPerNode;
    private final Map<Integer, ServiceProcess> agents = new HashMap<>();
    private final List<PostgresDatabase> databases = new ArrayList<>();
    private ServiceProcess connections;
    private ServiceProcess tunnels;
    private Optional<ServiceProcess> routing = Optional.empty();
    private Optional<ServiceProcess> bgp = Optional.empty();
    private StrongSwanPeer strongSwan;

    private LocalSuite(KafkaBroker broker, Path state, GatewayFabric fabric, List<String> zones, int addressesPerNode) {
        this.broker = broker;
        this.state = state;
        this.fabric = fabric;
        this.zones = List.copyOf(zones);
        this.addressesPerNode = addressesPerNode;
    }

    /** Whether this machine can run it: root, strongSwan, and the runnable jars built (mvn package/verify). */
    static boolean runnable() {
        return HostCommands.runningAsRoot() && StrongSwanPeer.isInstalled()
                && Stream.of("connection-service", "tunnel-service", "gateway-agent").allMatch(ServiceProcess::built);
    }

    /** One agent per zone given, nodes 10.50.0.11, .12, …; waits until the services are ready and every node is up. */
    static LocalSuite start(List<String> zones, Map<String, String> tunnelServiceProperties) throws Exception {
        return start(zones, tunnelServiceProperties, 1);
    }

    /**
     * As above, each node announcing {@code addressesPerNode} gateway addresses: tunnel-service gives every tunnel a
     * gateway IP of its own (so it can move with the tunnel), so a node holds as many tunnels as it has addresses.
     */
    static LocalSuite start(List<String> zones, Map<String, String> tunnelServiceProperties, int addressesPerNode) throws Exception {
        return start(zones, tunnelServiceProperties, addressesPerNode, false);
    }

    /** As above; with {@code routing}, routing-service runs too (routes, active/standby, {@code vpn.routes}). */
    static LocalSuite start(List<String> zones, Map<String, String> tunnelServiceProperties, int addressesPerNode,
                            boolean routing) throws Exception {
        KafkaBroker broker = KafkaBroker.shared().createContractTopics();
        LocalSuite suite = new LocalSuite(broker, Files.createTempDirectory("vpnplane-e2e"), GatewayFabric.create(), zones,
                addressesPerNode);
        try {
            suite.connections = suite.service("connection-service", PostgresDatabase.fresh("e2e_conn"), Map.of());
            suite.tunnels = suite.service("tunnel-service", PostgresDatabase.fresh("e2e_tun"), tunnelServiceProperties);
            if (routing) {
                suite.routing = Optional.of(suite.service("routing-service", PostgresDatabase.fresh("e2e_route"), Map.of()));
            }
            for (int i = 0; i < zones.size(); i++) {
                NetworkNamespace node = suite.fabric.addNode();
                suite.nodes.add(node);
                for (String extra : suite.gatewayAddresses(i).subList(1, addressesPerNode)) {
                    node.run("ip", "addr", "add", extra + "/32", "dev", GatewayFabric.linkName(i)).requireSuccess();
                }
                suite.closeLast.add(NamespacePortForwarder.open(node, suite.kafkaPort()));
                suite.startAgent(i);
            }
            // the on-premises network: charon (kernel-libipsec) routes it with a source address inside it
            suite.fabric.site().run("ip", "addr", "add", "192.168.50.1/32", "dev", "lo").requireSuccess();
            suite.strongSwan = StrongSwanPeer.start(suite.fabric.site(), suite.state.resolve("charon"));
            suite.closeLast.add(suite.strongSwan);
            suite.connections.awaitReady(Duration.ofMinutes(2));
            suite.tunnels.awaitReady(Duration.ofMinutes(2));
            if (suite.routing.isPresent()) {
                suite.routing.get().awaitReady(Duration.ofMinutes(2));
            }
            awaitTrue(Duration.ofSeconds(60), () -> suite.operator(suite.tunnels).get("/v1/gateway-nodes").then().extract()
                    .jsonPath().getList("findAll { it.status == 'up' }").size() == zones.size(), () -> "all nodes up");
            return suite;
        } catch (Exception | AssertionError e) {
            suite.close();
            throw e;
        }
    }

    private int kafkaPort() {
        return Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));
    }

    private ServiceProcess service(String module, PostgresDatabase database, Map<String, String> properties) {
        databases.add(database);
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "VPNPLANE_DB_URL", database.reactiveUrl(),
                "VPNPLANE_DB_USER", database.user(),
                "VPNPLANE_DB_PASSWORD", database.password(),
                "VPNPLANE_JWT_PUBLIC_KEY", "file:" + ServiceProcess.root().resolve("deploy/local/dev-jwt/public-key.pem"),
                "VPNPLANE_JWT_ISSUER", DevTokens.ISSUER,
                "VPNPLANE_SECRETS_KEY", SECRETS_KEY,
                "VPNPLANE_TRANSIT_KEY", TRANSIT_KEY);
        ServiceProcess process = ServiceProcess.start(module, module, ServiceProcess.freePort(), environment, properties, Optional.empty());
        closeLast.add(process);
        return process;
    }

    /** Starts (or starts again) node {@code index}'s agent; its key and so its sealed PSKs survive in the state dir. */
    void startAgent(int index) {
        agents.put(index, ServiceProcess.start("gateway-agent-" + index, "gateway-agent", 18090, Map.of(), Map.of(
                "vpnplane.agent.managed.node-id", nodeId(index),
                "vpnplane.agent.managed.zone", zones.get(index),
                "vpnplane.agent.managed.kafka-bootstrap-servers", broker.bootstrapServers(),
                "vpnplane.agent.managed.gateway-addresses", String.join(",", gatewayAddresses(index)),
                "vpnplane.agent.managed.capacity", Integer.toString(Math.max(100, addressesPerNode)),
                "vpnplane.agent.managed.state-dir", state.resolve("node-" + index).toString(),
                "vpnplane.agent.managed.heartbeat-interval", "1s",
                "vpnplane.agent.managed.data-plane", "on"), Optional.of(nodes.get(index))));
    }

    /** The node's own address first, then its extra ones from 10.50.0.100 up (60 per node at most). */
    private List<String> gatewayAddresses(int index) {
        List<String> addresses = new ArrayList<>(List.of(GatewayFabric.nodeAddress(index)));
        for (int k = 1; k < addressesPerNode; k++) {
            addresses.add("10.50.0." + (100 + index * 60 + k));
        }
        return addresses;
    }

    void killAgent(int index) throws InterruptedException {
        agents.get(index).kill();
    }

    static String nodeId(int index) {
        return "e2e-node-" + index;
    }

    static int nodeIndex(String nodeId) {
        return Integer.parseInt(nodeId.substring("e2e-node-".length()));
    }

    KafkaBroker broker() {
        return broker;
    }

    StrongSwanPeer strongSwan() {
        return strongSwan;
    }

    /** Replaces the site's charon with one that installs no routes of its own (the site's routing decides). */
    StrongSwanPeer restartStrongSwanWithoutRoutes() throws Exception {
        strongSwan.close();
        closeLast.remove(strongSwan);
        strongSwan = StrongSwanPeer.start(fabric.site(), state.resolve("charon-routed"), false);
        closeLast.add(strongSwan);
        return strongSwan;
    }

    RequestSpecification connectionApi() {
        return api(connections);
    }

    RequestSpecification tunnelApi() {
        return api(tunnels);
    }

    /** Starts bgp-service (BGP sessions, RIB, best paths) on a fresh database and waits until it is ready. */
    void startBgpService() throws InterruptedException {
        bgp = Optional.of(service("bgp-service", PostgresDatabase.fresh("e2e_bgp"), Map.of()));
        bgp.get().awaitReady(Duration.ofMinutes(2));
    }

    /**
     * {@code POST /v1/bgp-sessions} of a leased-line session on node {@code nodeIndex} (AS 45104 ↔ 65530, seed 002),
     * retried until bgp-service has consumed the VPN gateway from vpn.vpn-gateways; answers the session id.
     */
    String leasedLineSession(String name, String vpnGateway, String localAddress, String peerAddress, int nodeIndex,
                             String advertised) throws InterruptedException {
        String body = """
                {"name": "%s", "vpnGatewayId": "%s", "localAsn": "45104", "peerAsn": "65530",
                 "localAddress": "%s", "peerAddress": "%s", "nodeId": "%s", "advertisedPrefixes": ["%s"]}"""
                .formatted(name, vpnGateway, localAddress, peerAddress, nodeId(nodeIndex), advertised);
        String[] session = new String[1];
        awaitTrue(Duration.ofSeconds(60), () -> {
            var response = bgpApi().body(body).post("/v1/bgp-sessions");
            session[0] = response.statusCode() == 201 ? response.then().extract().path("id") : null;
            return session[0] != null;
        }, () -> "POST /v1/bgp-sessions accepted");
        return session[0];
    }

    RequestSpecification bgpApi() {
        return api(bgp.orElseThrow(() -> new IllegalStateException("bgp-service not started")));
    }

    RequestSpecification routingApi() {
        return api(routing.orElseThrow(() -> new IllegalStateException("started without routing-service")));
    }

    NetworkNamespace node(int index) {
        return nodes.get(index);
    }

    GatewayFabric fabric() {
        return fabric;
    }

    /** Closed with the suite, before the processes and the network. */
    void closeLater(AutoCloseable closeable) {
        closeLast.add(closeable);
    }

    private static RequestSpecification api(ServiceProcess service) {
        return given().baseUri(service.baseUrl()).auth().oauth2(DevTokens.forAccount(ACCOUNT)).contentType(ContentType.JSON);
    }

    private RequestSpecification operator(ServiceProcess service) {
        Map<String, Object> claims = new HashMap<>(DevTokens.claims("ops-e2e", Instant.now(), Instant.now().plus(Duration.ofHours(1))));
        claims.put("groups", List.of("user", "operator"));
        return given().baseUri(service.baseUrl()).auth().oauth2(DevTokens.sign(claims, DevTokens.devPrivateKey()));
    }

    /** A customer gateway at the site and a VPN gateway to attach connections to (REQ-TUN-012); answers their ids. */
    String[] customerAndVpnGateway() {
        String cgw = connectionApi().body("{\"name\": \"site\", \"ipAddress\": \"" + GatewayFabric.SITE_ADDRESS + "\"}")
                .post("/v1/customer-gateways").then().statusCode(201).extract().path("id");
        String vpnGateway = connectionApi().body("{\"name\": \"e2e\", \"vpcId\": \"vpc-e2e\"}").post("/v1/vpn-gateways")
                .then().statusCode(201).extract().path("id");
        return new String[] {cgw, vpnGateway};
    }

    /**
     * The downloaded peer config, once connection-service has caught up with tunnel-service's placement: it names every
     * gateway IP {@code GET /v1/tunnels} shows for the connection. Both services learn placements from events, each at
     * its own pace; a download right after a re-placement could still name the old node's IP.
     */
    String peerConfig(String connection) throws InterruptedException {
        List<String> gatewayIps = tunnelViews(connection).stream().map(t -> t.get("gatewayIp")).filter(java.util.Objects::nonNull)
                .map(Object::toString).toList();
        String[] config = {""};
        awaitTrue(Duration.ofSeconds(30), () -> {
            config[0] = connectionApi().queryParam("encap", true).get("/v1/ipsec-connections/" + connection + "/peer-config")
                    .then().statusCode(200).extract().asString();
            return gatewayIps.stream().allMatch(ip -> config[0].contains("remote_addrs = " + ip + "\n"));
        }, () -> "the peer config names " + gatewayIps + ":\n" + config[0]);
        return config[0];
    }

    List<Map<String, Object>> tunnelViews(String connection) {
        return tunnelApi().queryParam("connectionId", connection).get("/v1/tunnels").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    Map<String, Object> tunnelView(String tunnelId) {
        return tunnelApi().get("/v1/tunnels/" + tunnelId).then().statusCode(200).extract().jsonPath().getMap("$");
    }

    /** Every row of every table of the services' databases as JSON text, for "no secret in plain text" scans. */
    List<String> allRows() throws java.sql.SQLException {
        List<String> rows = new ArrayList<>();
        for (PostgresDatabase database : databases) {
            try (java.sql.Connection connection = database.connect()) {
                List<String> tables = new ArrayList<>();
                try (java.sql.ResultSet names = connection.createStatement().executeQuery(
                        "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables"
                                + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'")) {
                    while (names.next()) {
                        tables.add(names.getString(1));
                    }
                }
                for (String table : tables) {
                    try (java.sql.ResultSet all = connection.createStatement().executeQuery("SELECT row_to_json(t)::text FROM " + table + " t")) {
                        while (all.next()) {
                            rows.add(table + " " + all.getString(1));
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** charon's IKE SA towards one cloud gateway IP. */
    Optional<StrongSwanSa.IkeSa> ikeSa(String gatewayIp) {
        return strongSwan.listSas().stream().filter(sa -> sa.remoteHost().equals(gatewayIp)).findFirst();
    }

    static void awaitTrue(Duration timeout, BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
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
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess agent : agents.values()) {
            agent.close();
        }
        for (AutoCloseable closeable : closeLast.reversed()) {
            closeable.close();
        }
        fabric.close();
    }
}
