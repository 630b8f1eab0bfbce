package io.vpnplane.e2e;

import static io.vpnplane.e2e.LocalSuite.PHASE2;
import static io.vpnplane.e2e.LocalSuite.awaitTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test (issue #6, docs/benchmarks.md): time from {@code POST /v1/ipsec-connections} to both tunnels
 * of the dual connection showing "phase 2 negotiation succeeded" in {@code GET /v1/tunnels}, over {@code connections}
 * connections created one after the other on {@link LocalSuite} (two agents in two zones, strongSwan at the site).
 * The site's strongSwan is configured for all of them before the first POST — each tunnel gets its own cloud identity
 * (an FQDN) and PSK, so charon needs no gateway IP in advance — so the time is the suite's alone: REST, event store,
 * outbox relay, tunnel-service's placement and sealing, the agent's follower, IKE_SA_INIT + IKE_AUTH, the observation
 * back and tunnel-service's projection. Polled every 50 ms. Usage (root): {@code PostToUpBenchmark [connections]}.
 */
public final class PostToUpBenchmark {

    private PostToUpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (LocalSuite suite = LocalSuite.start(List.of("zone-a", "zone-b"), Map.of(), Math.min(60, count + 1))) {
            String[] gateways = suite.customerAndVpnGateway();
            StringBuilder charon = new StringBuilder();
            for (int i = 0; i < count; i++) {
                for (String side : List.of("a", "b")) {
                    charon.append(siteConnection(i + side));
                }
            }
            suite.strongSwan().load(charon.toString());
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                String connection = suite.connectionApi().body("""
                        {"name": "bench-%d", "routingMode": "policy", "localCidrs": ["172.31.0.0/16"], "remoteCidrs": ["192.168.50.0/24"],
                         "attachment": {"type": "vpn-gateway", "vpnGatewayId": "%s"},
                         "tunnels": [%s, %s]}""".formatted(i, gateways[1], tunnel(gateways[0], i + "a"), tunnel(gateways[0], i + "b")))
                        .post("/v1/ipsec-connections").then().statusCode(201).extract().path("id");
                awaitTrue(Duration.ofSeconds(60), () -> suite.tunnelViews(connection).stream()
                        .filter(t -> PHASE2.equals(t.get("negotiationStatus"))).count() == 2, () -> suite.tunnelViews(connection).toString());
                millis.add((System.nanoTime() - start) / 1_000_000);
                System.out.printf("connection %2d: %d ms%n", i, millis.getLast());
            }
            List<Long> sorted = millis.stream().sorted().toList();
            System.out.printf("POST -> both tunnels up over %d dual connections: p50 %d ms, p99 %d ms, min %d ms, max %d ms%n", count,
                    percentile(sorted, 50), percentile(sorted, 99), sorted.getFirst(), sorted.getLast());
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static String tunnel(String customerGateway, String name) {
        return """
                {"customerGatewayId": "%s", "preSharedKey": "%s", "ike": {"localId": "%s"}}""".formatted(customerGateway, psk(name),
                cloudId(name));
    }

    private static String cloudId(String name) {
        return "c" + name + ".bench.vpnplane.test";
    }

    private static String psk(String name) {
        return "benchPsk" + name + "x0";
    }

    private static String siteConnection(String name) {
        return new SiteConnection("bench-" + name, GatewayFabric.SITE_ADDRESS, cloudId(name), "192.168.50.0/24", "172.31.0.0/16",
                psk(name)).swanctlConf();
    }
}
