package io.vpnplane.e2e;

import static io.vpnplane.e2e.LocalSuite.PHASE2;
import static io.vpnplane.e2e.LocalSuite.awaitTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.NetworkNamespace;

/**
 * Scenario 1 of issue #11 (seed 002, REQ-AS-001..003): a data center reaches the cloud over a leased line with BGP
 * (the VBR, {@code POST /v1/bgp-sessions}) and over a dual-tunnel IPsec connection with BGP over each tunnel
 * (169.254.10.0/30 and 169.254.11.0/30, ASNs 45104 / 65530). Both paths learn 192.168.0.0/24, 192.168.1.0/24 and
 * 192.168.2.0/24 from FRR at the site; traffic from the cloud side to 192.168.1.10 takes the leased line. The leased
 * line is cut (its site end set down): traffic moves to the IPsec tunnel; restored: it moves back. Each switch is
 * timed from the cut/restore to the first echo request that arrives at the site over the other path (tcpdump on the
 * site's leased-line link and on charon's {@code ipsec0}).
 *
 * <p>The path of a switch: the agent's leased-line session misses its hold time (3 s, FRR's {@code timers 1 3}) →
 * withdrawals on {@code vpn.bgp} → bgp-service's best path becomes the IPsec session's → routing-service's BGP entry
 * on {@code vpn.routes} → the agent's forwarding table and kernel route into the TUN device; the leased-line kernel
 * route goes with bgp-service's {@code best-route-selected}. Back: FRR reconnects once the link is up, the leased-line
 * path is best again, the agent routes to its next hop and routing-service withdraws the IPsec entry.
 *
 * <p>The site is a router: FRR zebra installs what bgpd learns (the cloud's 10.0.0.0/16 over the leased line), with a
 * static route into {@code ipsec0} as the customer's fallback (the IPsec sessions advertise only transit-router routes,
 * REQ-CONN-010, and there are none here). charon runs with kernel-libipsec, which has no per-tunnel interfaces: its
 * configuration is the downloaded one with each tunnel's selectors narrowed to what that tunnel carries, and without
 * routes of its own, so the site's routing decides what enters the tunnel.
 *
 * <p>Usage (root, through {@code bench/e2e.sh leased-line}): no arguments.
 */
public final class LeasedLineScenario {

    static final List<String> SITE_PREFIXES = List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24");
    static final String DESTINATION = "192.168.1.10";
    static final String CLOUD_SOURCE = "10.0.0.10";
    static final String CLOUD_PREFIX = "10.0.0.0/16";
    private static final String LEASED_CLOUD = "172.30.0.1";
    private static final String LEASED_SITE = "172.30.0.2";
    private static final String LEASED_NODE_LINK = "ll0";
    private static final String LEASED_SITE_LINK = "ll-site";
    private static final Duration UP = Duration.ofSeconds(90);
    private static final Pattern ECHO = Pattern.compile("^(\\d+)\\.(\\d{6}) .*ICMP echo request");

    /** The measured times; {@code leasedToIpsec} / {@code ipsecToLeased} from the cut / restore to the first packet. */
    record Result(Duration leasedToIpsec, Duration ipsecToLeased, Duration bgpOverIpsecUp) {
    }

    private LeasedLineScenario() {
    }

    public static void main(String[] args) throws Exception {
        try (LocalSuite suite = start()) {
            Result result = run(suite);
            System.out.printf("scenario 1 (seed 002): BGP over IPsec up %d ms after the tunnels; leased line cut -> traffic over"
                            + " IPsec in %d ms; restored -> back on the leased line in %d ms%n", result.bgpOverIpsecUp().toMillis(),
                    result.leasedToIpsec().toMillis(), result.ipsecToLeased().toMillis());
        }
    }

    static boolean runnable() {
        return LocalSuite.runnable() && ServiceProcess.built("bgp-service") && ServiceProcess.built("routing-service")
                && SiteRouter.installed() && HostCommands.isInstalled("/usr/bin/tcpdump");
    }

    /** Two nodes (zone-a, zone-b) with routing-service and bgp-service. */
    static LocalSuite start() throws Exception {
        LocalSuite suite = LocalSuite.start(List.of("zone-a", "zone-b"), Map.of(), 1, true);
        try {
            suite.startBgpService();
            return suite;
        } catch (Exception | AssertionError e) {
            suite.close();
            throw e;
        }
    }

    static Result run(LocalSuite suite) throws Exception {
        NetworkNamespace cloud = suite.node(0);
        NetworkNamespace site = suite.fabric().site();
        HostCommands.run("ip", "link", "add", LEASED_NODE_LINK, "netns", cloud.name(), "type", "veth", "peer", "name",
                LEASED_SITE_LINK, "netns", site.name()).requireSuccess();
        cloud.run("ip", "addr", "add", LEASED_CLOUD + "/30", "dev", LEASED_NODE_LINK).requireSuccess();
        cloud.run("ip", "link", "set", LEASED_NODE_LINK, "up").requireSuccess();
        cloud.run("ip", "addr", "add", CLOUD_SOURCE + "/32", "dev", "lo").requireSuccess();
        site.run("ip", "addr", "add", LEASED_SITE + "/30", "dev", LEASED_SITE_LINK).requireSuccess();
        site.run("ip", "link", "set", LEASED_SITE_LINK, "up").requireSuccess();
        for (String address : List.of("192.168.0.1", DESTINATION, "192.168.2.1")) {
            site.run("ip", "addr", "add", address + "/32", "dev", "lo").requireSuccess();
        }
        var strongSwan = suite.restartStrongSwanWithoutRoutes();

        // the API: a customer gateway with the site's ASN, the VPN gateway, the dual-tunnel connection with BGP
        String cgw = suite.connectionApi().body("{\"name\": \"dc\", \"ipAddress\": \"" + GatewayFabric.SITE_ADDRESS
                + "\", \"asn\": 65530}").post("/v1/customer-gateways").then().statusCode(201).extract().path("id");
        String vpnGateway = suite.connectionApi().body("{\"name\": \"seed-002\", \"vpcId\": \"vpc-002\"}").post("/v1/vpn-gateways")
                .then().statusCode(201).extract().path("id");
        String connection = suite.connectionApi().body("""
                {"name": "seed-002", "routingMode": "destination", "bgp": {"enabled": true, "localAsn": 45104},
                 "attachment": {"type": "vpn-gateway", "vpnGatewayId": "%s"},
                 "tunnels": [{"customerGatewayId": "%s", "bgp": {"tunnelCidr": "169.254.10.0/30", "localBgpIp": "169.254.10.1"}},
                             {"customerGatewayId": "%s", "bgp": {"tunnelCidr": "169.254.11.0/30", "localBgpIp": "169.254.11.1"}}]}"""
                .formatted(vpnGateway, cgw, cgw)).post("/v1/ipsec-connections").then().statusCode(201).extract().path("id");
        awaitTrue(UP, () -> suite.tunnelViews(connection).stream().filter(t -> t.get("gatewayIp") != null).count() == 2,
                () -> "both tunnels placed: " + suite.tunnelViews(connection));
        List<Map<String, Object>> tunnels = suite.tunnelViews(connection);
        Map<String, Object> zoneA = tunnels.stream().filter(t -> "zone-a".equals(t.get("zone"))).findFirst().orElseThrow();
        Map<String, Object> zoneB = tunnels.stream().filter(t -> "zone-b".equals(t.get("zone"))).findFirst().orElseThrow();

        // the site's ends of the tunnels' inside /30s on ipsec0, and the device's selectors per tunnel
        site.run("ip", "addr", "add", "169.254.10.2/30", "dev", "ipsec0").requireSuccess();
        site.run("ip", "addr", "add", "169.254.11.2/30", "dev", "ipsec0").requireSuccess();
        site.run("ip", "link", "set", "ipsec0", "up").requireSuccess();
        site.run("ip", "route", "add", CLOUD_PREFIX, "via", "169.254.10.1", "dev", "ipsec0", "metric", "200").requireSuccess();
        strongSwan.load(narrowed(suite.peerConfig(connection), Map.of(
                (String) zoneA.get("tunnelId"), new String[] {"169.254.10.2/32,192.168.0.0/22", "169.254.10.1/32," + CLOUD_PREFIX},
                (String) zoneB.get("tunnelId"), new String[] {"169.254.11.2/32", "169.254.11.1/32"})));
        awaitTrue(UP, () -> suite.tunnelViews(connection).stream().allMatch(t -> PHASE2.equals(t.get("negotiationStatus"))),
                () -> "both tunnels up: " + suite.tunnelViews(connection) + "\n" + strongSwan.log());
        long tunnelsUp = System.nanoTime();

        // the site's router: the leased line preferred (as the cloud side does, REQ-AS-002), BGP over both tunnels
        SiteRouter frr = SiteRouter.start(site, """
                frr defaults datacenter
                router bgp 65530
                 bgp router-id %s
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 neighbor %s remote-as 45104
                 neighbor %s timers 1 3
                 neighbor %s timers connect 1
                 neighbor 169.254.10.1 remote-as 45104
                 neighbor 169.254.10.1 update-source 169.254.10.2
                 neighbor 169.254.10.1 timers connect 1
                 neighbor 169.254.11.1 remote-as 45104
                 neighbor 169.254.11.1 update-source 169.254.11.2
                 neighbor 169.254.11.1 timers connect 1
                 address-family ipv4 unicast
                %s
                  neighbor 169.254.10.1 route-map IPSEC-IN in
                  neighbor 169.254.11.1 route-map IPSEC-IN in
                 exit-address-family
                route-map IPSEC-IN permit 10
                 set local-preference 50
                """.formatted(GatewayFabric.SITE_ADDRESS, LEASED_CLOUD, LEASED_CLOUD, LEASED_CLOUD,
                String.join("\n", SITE_PREFIXES.stream().map(p -> "  network " + p).toList())));
        suite.closeLater(frr);
        String leasedLine = suite.leasedLineSession("vbr-seed-002", vpnGateway, LEASED_CLOUD, LEASED_SITE, 0, CLOUD_PREFIX);

        // bgp-service: the tunnels' sessions and the leased line ESTABLISHED, all three learn the site's prefixes
        awaitTrue(UP, () -> sessions(suite, vpnGateway).size() == 3 && sessions(suite, vpnGateway).stream()
                .allMatch(s -> "ESTABLISHED".equals(s.get("state"))), () -> "three sessions ESTABLISHED: " + sessions(suite, vpnGateway));
        Duration bgpOverIpsecUp = Duration.ofNanos(System.nanoTime() - tunnelsUp);
        for (Map<String, Object> session : sessions(suite, vpnGateway)) {
            awaitTrue(UP, () -> received(suite, (String) session.get("id")).containsAll(SITE_PREFIXES),
                    () -> "routes of " + session.get("id") + ": " + received(suite, (String) session.get("id")));
        }
        awaitTrue(UP, () -> bestSession(suite, leasedLine), () -> "the leased line's routes best (REQ-AS-002)");
        awaitTrue(UP, () -> routeTo(cloud).contains("via " + LEASED_SITE), () -> "the cloud routes " + DESTINATION
                + " over the leased line: " + routeTo(cloud));

        Path leasedCapture = Files.createTempFile("leased", ".txt");
        Path ipsecCapture = Files.createTempFile("ipsec", ".txt");
        Process leasedDump = capture(site, LEASED_SITE_LINK, leasedCapture);
        Process ipsecDump = capture(site, "ipsec0", ipsecCapture);
        Process ping = cloud.start(List.of("ping", "-n", "-q", "-i", "0.01", "-W", "1", "-I", CLOUD_SOURCE, DESTINATION), Map.of(),
                Files.createTempFile("ping", ".txt"));
        try {
            awaitTrue(UP, () -> firstEchoAfter(leasedCapture, 0).isPresent(), () -> "pings arrive over the leased line");

            long cutMicros = nowMicros();
            site.run("ip", "link", "set", LEASED_SITE_LINK, "down").requireSuccess();
            awaitTrue(UP, () -> firstEchoAfter(ipsecCapture, cutMicros).isPresent(), () -> "pings move to IPsec (REQ-AS-003): "
                    + routeTo(cloud) + " best: " + best(suite, vpnGateway));
            Duration toIpsec = Duration.ofNanos((firstEchoAfter(ipsecCapture, cutMicros).getAsLong() - cutMicros) * 1000);

            long restoreMicros = nowMicros();
            site.run("ip", "link", "set", LEASED_SITE_LINK, "up").requireSuccess();
            awaitTrue(UP, () -> firstEchoAfter(leasedCapture, restoreMicros).isPresent(), () -> "pings back on the leased line: "
                    + routeTo(cloud) + " best: " + best(suite, vpnGateway));
            Duration toLeased = Duration.ofNanos((firstEchoAfter(leasedCapture, restoreMicros).getAsLong() - restoreMicros) * 1000);
            awaitTrue(UP, () -> bestSession(suite, leasedLine), () -> "the leased line best again");
            return new Result(toIpsec, toLeased, bgpOverIpsecUp);
        } finally {
            for (Process process : List.of(ping, leasedDump, ipsecDump)) {
                process.destroy();
            }
        }
    }

    /** The downloaded configuration with each tunnel's local/remote selectors replaced (charon names its children after them). */
    static String narrowed(String peerConfig, Map<String, String[]> selectors) {
        StringBuilder out = new StringBuilder();
        Optional<String[]> current = Optional.empty();
        for (String line : peerConfig.split("\n", -1)) {
            String trimmed = line.strip();
            for (Map.Entry<String, String[]> tunnel : selectors.entrySet()) {
                if (trimmed.equals("vpnplane-" + tunnel.getKey() + " {")) {
                    current = Optional.of(tunnel.getValue());
                }
            }
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            if (current.isPresent() && trimmed.startsWith("local_ts = ")) {
                line = indent + "local_ts = " + current.get()[0];
            } else if (current.isPresent() && trimmed.startsWith("remote_ts = ")) {
                line = indent + "remote_ts = " + current.get()[1];
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static List<Map<String, Object>> sessions(LocalSuite suite, String vpnGateway) {
        List<Map<String, Object>> all = suite.bgpApi().get("/v1/bgp-sessions").then().statusCode(200).extract().jsonPath().getList("items");
        return all.stream().filter(s -> vpnGateway.equals(s.get("vpnGatewayId"))).toList();
    }

    private static List<String> received(LocalSuite suite, String session) {
        return suite.bgpApi().get("/v1/bgp-sessions/" + session + "/received-routes").then().statusCode(200).extract()
                .jsonPath().getList("items.prefix");
    }

    /** Whether every site prefix's best path is the session's. */
    private static boolean bestSession(LocalSuite suite, String session) {
        List<String> best = suite.bgpApi().get("/v1/bgp-sessions/" + session + "/received-routes").then().statusCode(200).extract()
                .jsonPath().getList("items.findAll { it.best == true }.prefix");
        return best.containsAll(SITE_PREFIXES);
    }

    private static String best(LocalSuite suite, String vpnGateway) {
        return sessions(suite, vpnGateway).stream().map(s -> s.get("type") + " " + s.get("state") + " best: "
                + suite.bgpApi().get("/v1/bgp-sessions/" + s.get("id") + "/received-routes").then().extract().jsonPath()
                .getList("items.findAll { it.best == true }.prefix")).toList().toString();
    }

    private static String routeTo(NetworkNamespace cloud) {
        return cloud.run("ip", "route", "get", DESTINATION, "from", CLOUD_SOURCE).stdout().strip();
    }

    private static Process capture(NetworkNamespace site, String device, Path output) throws InterruptedException {
        Process process = site.start(List.of("tcpdump", "-i", device, "-n", "-tt", "-l", "-Q", "in",
                "icmp[icmptype] == icmp-echo and src host " + CLOUD_SOURCE), Map.of(), output);
        awaitTrue(Duration.ofSeconds(10), () -> read(output).contains("listening on"), () -> "tcpdump on " + device + ": " + read(output));
        return process;
    }

    private static OptionalLong firstEchoAfter(Path capture, long micros) {
        return read(capture).lines().map(ECHO::matcher).filter(Matcher::find).mapToLong(LeasedLineScenario::micros)
                .filter(at -> at > micros).findFirst();
    }

    private static long micros(Matcher echo) {
        return Long.parseLong(echo.group(1)) * 1_000_000 + Long.parseLong(echo.group(2));
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
