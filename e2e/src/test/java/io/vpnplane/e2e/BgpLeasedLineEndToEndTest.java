package io.vpnplane.e2e;

import static io.vpnplane.e2e.LocalSuite.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;


/**
 * Issue #8 through the public interfaces, every component in its own process: a leased-line BGP session created with
 * {@code POST /v1/bgp-sessions} (the VBR of seed 002, REQ-AS-001) is run by the managed agent of the node it names
 * against FRR bgpd at the customer site; bgp-service's read model shows it ESTABLISHED with the peer's router id and
 * the site's prefixes as received (and best) routes, FRR receives the advertised prefix, and {@code DELETE} closes the
 * session at FRR and empties the received routes.
 */
@Tag("interop")
class BgpLeasedLineEndToEndTest {

    private static final Duration UP = Duration.ofSeconds(60);
    private static final List<String> SITE_PREFIXES = List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24");

    @Test
    void aLeasedLineSessionFromRestRunsOnItsNodeAndItsRoutesReachBgpService() throws Exception {
        assumeTrue(LocalSuite.runnable() && ServiceProcess.built("bgp-service") && SiteRouter.installed(),
                "needs root, strongSwan, FRR and the runnable jars (./vpnplane test runs mvn verify)");
        try (LocalSuite suite = LocalSuite.start(List.of("zone-a"), Map.of())) {
            suite.startBgpService();
            String node = GatewayFabric.nodeAddress(0);
            SiteRouter frr = SiteRouter.start(suite.fabric().site(), """
                    frr defaults datacenter
                    router bgp 65530
                     bgp router-id %1$s
                     no bgp ebgp-requires-policy
                     no bgp network import-check
                     neighbor %2$s remote-as 45104
                     neighbor %2$s timers 1 3
                     neighbor %2$s timers connect 1
                     address-family ipv4 unicast
                    %3$s
                     exit-address-family
                    """.formatted(GatewayFabric.SITE_ADDRESS, node,
                    String.join("\n", SITE_PREFIXES.stream().map(p -> "  network " + p).toList())));
            suite.closeLater(frr);

            String vpnGateway = suite.customerAndVpnGateway()[1];
            String session = suite.leasedLineSession("vbr-e2e", vpnGateway, node, GatewayFabric.SITE_ADDRESS, 0, "10.0.0.0/16");
            Instant posted = Instant.now();

            awaitTrue(UP, () -> "ESTABLISHED".equals(suite.bgpApi().get("/v1/bgp-sessions/" + session).then().statusCode(200)
                    .extract().path("state")), () -> "session ESTABLISHED: " + suite.bgpApi().get("/v1/bgp-sessions/" + session).asString());
            long establishedMs = Duration.between(posted, Instant.now()).toMillis();
            Map<String, Object> view = suite.bgpApi().get("/v1/bgp-sessions/" + session).then().extract().jsonPath().getMap("$");
            assertThat(view).containsEntry("peerRouterId", GatewayFabric.SITE_ADDRESS).containsEntry("nodeId", LocalSuite.nodeId(0))
                    .containsEntry("type", "leased-line");

            awaitTrue(UP, () -> receivedPrefixes(suite, session).containsAll(SITE_PREFIXES),
                    () -> "received routes: " + suite.bgpApi().get("/v1/bgp-sessions/" + session + "/received-routes").asString());
            long routesMs = Duration.between(posted, Instant.now()).toMillis();
            List<Map<String, Object>> received = suite.bgpApi().get("/v1/bgp-sessions/" + session + "/received-routes").then()
                    .extract().jsonPath().getList("items");
            assertThat(received).allSatisfy(route -> {
                assertThat(route).containsEntry("nextHop", GatewayFabric.SITE_ADDRESS).containsEntry("best", true);
                assertThat(route.get("asPath").toString()).isEqualTo("[65530]");
            });
            awaitTrue(UP, () -> frr.hasBgpRoute("10.0.0.0/16"), () -> "FRR learns 10.0.0.0/16");
            System.out.printf("e2e: POST /v1/bgp-sessions -> ESTABLISHED in bgp-service in %d ms, the site's %d prefixes in %d ms%n",
                    establishedMs, SITE_PREFIXES.size(), routesMs);

            suite.bgpApi().delete("/v1/bgp-sessions/" + session).then().statusCode(204);
            awaitTrue(UP, () -> !frr.hasBgpRoute("10.0.0.0/16") && !frr.established(node), () -> "FRR sees the session closed");
        }
    }

    private static List<String> receivedPrefixes(LocalSuite suite, String session) {
        return suite.bgpApi().get("/v1/bgp-sessions/" + session + "/received-routes").then().statusCode(200).extract()
                .jsonPath().getList("items.prefix");
    }
}
