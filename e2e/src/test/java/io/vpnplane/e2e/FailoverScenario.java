package io.vpnplane.e2e;

import static io.vpnplane.e2e.LocalSuite.PHASE2;
import static io.vpnplane.e2e.LocalSuite.awaitTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.NetworkNamespace;
import io.vpnplane.agent.interop.StrongSwanPeer;

/**
 * Scenario 2 of issue #11 (seed 003), measured, not a test: two connections from one VPN gateway to two on-premises
 * peers (two strongSwans), an active/standby destination route pair (weight 100 / 0) to the same on-premises network,
 * and a health check through each tunnel. The active peer is killed (SIGKILL: no DELETE, nothing said); the time from
 * the kill to the first ping reply through the standby is the failover time. The ping runs from the cloud side
 * (172.31.0.10 in the agent's namespace) to 192.168.60.10, which both peers have, every 10 ms.
 *
 * <p>The path of a failover: the agent's health check misses {@code retries} probes → {@code health-check-failed} on
 * {@code vpn.agent-status} → tunnel-service's {@code HealthCheckStatusChanged} on {@code vpn.health} →
 * routing-service's {@code ActiveRouteSwitched} (mirrored on {@code vpn.active-routes}) → the agent's forwarding table swap.
 * Usage (root): {@code FailoverScenario [intervalMillis] [retries]} (defaults 200, 3).
 */
public final class FailoverScenario {

    private static final String DESTINATION = "192.168.60.10";
    private static final String CLOUD_SOURCE = "172.31.0.10";
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+\\.\\d+)] \\d+ bytes from " + Pattern.quote(DESTINATION));

    private FailoverScenario() {
    }

    public static void main(String[] args) throws Exception {
        int intervalMillis = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int retries = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (LocalSuite suite = LocalSuite.start(List.of("zone-a"), Map.of(), 3, true)) {
            NetworkNamespace cloud = suite.node(0);
            NetworkNamespace siteB = suite.fabric().addNode();
            String peerA = GatewayFabric.SITE_ADDRESS;
            String peerB = GatewayFabric.nodeAddress(1);
            cloud.run("ip", "addr", "add", CLOUD_SOURCE + "/32", "dev", "lo").requireSuccess();
            for (NetworkNamespace site : List.of(suite.fabric().site(), siteB)) {
                site.run("ip", "addr", "add", DESTINATION + "/32", "dev", "lo").requireSuccess();
            }
            StrongSwanPeer strongSwanA = suite.strongSwan();
            StrongSwanPeer strongSwanB = StrongSwanPeer.start(siteB, Files.createTempDirectory("vpnplane-site-b"));
            suite.closeLater(strongSwanB);
            strongSwanA.load(onPremises(peerA, "failover-psk-a-1"));
            strongSwanB.load(onPremises(peerB, "failover-psk-b-1"));

            String[] gateways = suite.customerAndVpnGateway();
            String vpnGateway = gateways[1];
            String cgwB = suite.connectionApi().body("{\"name\": \"site-b\", \"ipAddress\": \"" + peerB + "\"}")
                    .post("/v1/customer-gateways").then().statusCode(201).extract().path("id");
            String active = connection(suite, vpnGateway, gateways[0], "failover-psk-a-1", intervalMillis, retries);
            String standby = connection(suite, vpnGateway, cgwB, "failover-psk-b-1", intervalMillis, retries);
            for (String connection : List.of(active, standby)) {
                awaitTrue(Duration.ofSeconds(60), () -> suite.tunnelViews(connection).stream()
                        .allMatch(t -> PHASE2.equals(t.get("negotiationStatus"))), () -> suite.tunnelViews(connection).toString());
            }
            route(suite, vpnGateway, active, 100);
            route(suite, vpnGateway, standby, 0);
            awaitTrue(Duration.ofSeconds(60), () -> cloud.run("ping", "-c", "1", "-W", "1", "-I", CLOUD_SOURCE, DESTINATION)
                    .succeeded(), () -> "no ping through the active route: " + strongSwanA.listSas());

            Path pings = Files.createTempFile("failover-ping", ".txt");
            Process ping = cloud.start(List.of("ping", "-D", "-n", "-i", "0.01", "-W", "1", "-w", "12", "-I", CLOUD_SOURCE,
                    DESTINATION), Map.of(), pings);
            Thread.sleep(2000);
            long killedAtMicros = System.currentTimeMillis() * 1000;
            for (long pid : suite.fabric().site().pids()) {
                HostCommands.run("kill", "-9", Long.toString(pid));
            }
            ping.waitFor();
            List<Long> replies = Files.readAllLines(pings).stream().map(REPLY::matcher).filter(Matcher::find)
                    .map(m -> (long) (Double.parseDouble(m.group(1)) * 1_000_000)).toList();
            long throughStandby = strongSwanB.listSas().stream().flatMap(sa -> sa.children().stream())
                    .mapToLong(child -> child.packetsIn()).sum();
            System.out.printf("scenario 2 (seed 003): health check every %d ms, %d retries; %s (packets the standby's strongSwan "
                    + "received: %d)%n", intervalMillis, retries, outage(replies, killedAtMicros), throughStandby);
        }
    }

    /**
     * Replies still arrive for a few milliseconds after the kill (answers already on their way through the active
     * tunnel); the outage is the first silence longer than 100 ms after the kill, and the failover ends with the reply
     * that ends it: the first one through the standby.
     */
    static String outage(List<Long> replyMicros, long killedAtMicros) {
        long previous = killedAtMicros;
        for (long at : replyMicros) {
            if (at <= killedAtMicros) {
                continue;
            }
            if (at - previous > 100_000) {
                return "active peer killed -> first reply through the standby after %d ms (no reply for %d ms)"
                        .formatted((at - killedAtMicros) / 1000, (at - previous) / 1000);
            }
            previous = at;
        }
        return "NO failover seen: replies never stopped for more than 100 ms, or never came back";
    }

    private static String connection(LocalSuite suite, String vpnGateway, String customerGateway, String psk, int intervalMillis,
                                     int retries) {
        return suite.connectionApi().body("""
                {"name": "failover", "tunnelMode": "single", "attachment": {"type": "vpn-gateway", "vpnGatewayId": "%s"},
                 "tunnels": [{"customerGatewayId": "%s", "preSharedKey": "%s",
                   "healthCheck": {"enabled": true, "destinationIp": "%s", "sourceIp": "%s", "intervalMillis": %d,
                                   "retries": %d, "switchRoute": true}}]}""".formatted(vpnGateway, customerGateway, psk,
                DESTINATION, CLOUD_SOURCE, intervalMillis, retries))
                .post("/v1/ipsec-connections").then().statusCode(201).extract().path("id");
    }

    private static void route(LocalSuite suite, String vpnGateway, String connection, int weight) {
        suite.routingApi().body("{\"destinationCidr\": \"192.168.60.0/24\", \"nextHop\": \"" + connection + "\", \"weight\": " + weight + "}")
                .post("/v1/vpn-gateways/" + vpnGateway + "/routes").then().statusCode(201);
    }

    /**
     * The on-premises side of one connection: route-based in the cloud (0.0.0.0/0 proposed), narrowed here to the
     * on-premises network and the cloud's; the cloud side's gateway IP is whichever address tunnel-service assigned.
     */
    private static String onPremises(String address, String psk) {
        return new SiteConnection("cloud", address, "%any", "192.168.60.0/24", "172.31.0.0/16", psk).swanctlConf();
    }
}
