package io.vpnplane.agent.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.bgp.BgpSpeaker;
import io.vpnplane.agent.bgp.Eventually;
import io.vpnplane.agent.bgp.SpeakerConfig;
import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.BgpEvent;
import io.vpnplane.agent.bgp.session.LearnedRoute;
import io.vpnplane.agent.bgp.session.SessionConfig;
import io.vpnplane.agent.bgp.session.SessionState;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our speaker against FRR 8.4 bgpd in a network namespace (REQ-GW-003): 2- and 4-octet AS
 * numbers, routes both ways, withdrawals, and a dead peer noticed within the 3 s hold time.
 */
@Tag("interop")
class FrrInteropTest {

    private static final int SPEAKER_PORT = 10179;
    private static final Duration HOLD = Duration.ofSeconds(3);
    private static final Duration WITHIN_HOLD = HOLD.plusMillis(500);
    private static PeerNamespace namespace;

    private final List<BgpEvent> events = new CopyOnWriteArrayList<>();
    private BgpSpeaker speaker;
    private FrrBgpd frr;

    @BeforeAll
    static void namespace() {
        assumeTrue(Command.isRoot(), "network namespaces need root");
        assumeTrue(FrrBgpd.installed(), "FRR bgpd is not installed");
        namespace = new PeerNamespace("bgpfrr", 1);
    }

    @AfterAll
    static void removeNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (speaker != null) {
            speaker.close();
        }
        if (frr != null) {
            frr.close();
        }
        namespace.linkUp(true);
    }

    private void start(long ourAs, long frrAs, long frrSeesAs, List<String> frrNetworks, String... frrNeighbourExtras) throws Exception {
        frr = new FrrBgpd(namespace, FrrBgpd.config(frrAs, namespace.peerAddress(), namespace.localAddress(), frrSeesAs, SPEAKER_PORT,
                frrNetworks, frrNeighbourExtras));
        Inet4Address local = (Inet4Address) InetAddress.getByName(namespace.localAddress());
        speaker = BgpSpeaker.start(SpeakerConfig.listeningOn(new InetSocketAddress(local, SPEAKER_PORT)), events::add);
        // Both sides open connections: collision detection (RFC 4271 6.8) runs in every test.
        speaker.addSession(SessionConfig.builder("tunnel-1", ourAs, frrAs, local, (Inet4Address) InetAddress.getByName(namespace.peerAddress()))
                .localAddress(local).holdTime(HOLD).connectRetryTime(Duration.ofSeconds(1)).idleHoldTime(Duration.ofMillis(200)).build());
    }

    private Set<String> learned() {
        return speaker.learnedRoutes("tunnel-1").stream().map(r -> r.prefix().toString()).collect(Collectors.toSet());
    }

    private SessionState state() {
        return speaker.session("tunnel-1").orElseThrow().state();
    }

    private LearnedRoute route(String prefix) {
        return speaker.learnedRoutes("tunnel-1").stream().filter(r -> r.prefix().toString().equals(prefix)).findFirst().orElseThrow();
    }

    @Test
    void twoOctetAsnsRoutesFlowBothWaysAndWithdrawalsArrive() throws Exception {
        // REQ-AS-001/002: cloud 45104, on-prem 65530, the data centre's three prefixes.
        start(45104, 65530, 45104, List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24", "0.0.0.0/0", "100.64.1.0/24"));
        speaker.advertise("tunnel-1", Set.of(Ipv4Prefix.parse("10.0.0.0/16"), Ipv4Prefix.parse("10.1.0.0/16")));

        Eventually.within(Duration.ofSeconds(15), "routes from FRR", () -> learned().size() == 3);
        assertThat(learned()).containsExactlyInAnyOrder("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24");
        LearnedRoute route = speaker.learnedRoutes("tunnel-1").getFirst();
        assertThat(route.attributes().asPath().toString()).isEqualTo("65530");
        assertThat(Ipv4Prefix.formatAddress(route.attributes().nextHop())).isEqualTo(namespace.peerAddress());
        // REQ-X-002: the default route and 100.64.0.0/10 were offered and refused.
        // (FRR also reflects our own prefixes back; those are refused as AS-path loops.)
        assertThat(events).filteredOn(BgpEvent.RoutesRejected.class::isInstance).map(BgpEvent.RoutesRejected.class::cast)
                .filteredOn(r -> r.reason().contains("REQ-X-002")).flatMap(BgpEvent.RoutesRejected::prefixes).extracting(Ipv4Prefix::toString)
                .containsExactlyInAnyOrder("0.0.0.0/0", "100.64.1.0/24");
        Eventually.within(Duration.ofSeconds(5), "FRR learns our prefixes", () -> frr.hasRoute("10.0.0.0/16") && frr.hasRoute("10.1.0.0/16"));
        assertThat(frr.asPathOf("10.0.0.0/16")).isEqualTo("45104");
        assertThat(frr.neighbourState(namespace.localAddress())).isEqualTo("Established");
        assertThat(speaker.session("tunnel-1").orElseThrow().fourOctetAs()).isTrue();

        frr.configure(65530, "address-family ipv4 unicast", "no network 192.168.1.0/24");
        Duration took = Eventually.within(WITHIN_HOLD, "withdrawal from FRR", () -> !learned().contains("192.168.1.0/24"));
        assertThat(learned()).containsExactlyInAnyOrder("192.168.0.0/24", "192.168.2.0/24");
        System.out.println("FRR withdrawal reflected after " + took.toMillis() + " ms");

        speaker.advertise("tunnel-1", Set.of(Ipv4Prefix.parse("10.1.0.0/16")));
        Eventually.within(WITHIN_HOLD, "FRR sees our withdrawal", () -> !frr.hasRoute("10.0.0.0/16"));
        assertThat(frr.hasRoute("10.1.0.0/16")).isTrue();
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void fourOctetPeerAs() throws Exception {
        start(45104, 4_200_000_001L, 45104, List.of("192.168.0.0/24"));
        speaker.advertise("tunnel-1", Set.of(Ipv4Prefix.parse("10.0.0.0/16")));
        Eventually.within(Duration.ofSeconds(15), "route from FRR", () -> learned().size() == 1);
        assertThat(speaker.learnedRoutes("tunnel-1").getFirst().attributes().asPath().toString()).isEqualTo("4200000001");
        Eventually.within(Duration.ofSeconds(5), "FRR learns our prefix", () -> frr.hasRoute("10.0.0.0/16"));
        assertThat(frr.asPathOf("10.0.0.0/16")).isEqualTo("45104");
    }

    @Test
    void fourOctetLocalAsAgainstAPeerWithoutCapabilities() throws Exception {
        // FRR without capability negotiation sends an OPEN without the 4-octet capability, so the
        // session speaks 2-octet AS_PATHs: we send AS_TRANS plus AS4_PATH (RFC 6793). FRR parses
        // the 2-octet AS_PATH but, having seen our capability, does not merge AS4_PATH: it shows
        // AS_TRANS (the AS4_PATH encoding itself is checked byte for byte in BgpMessageCodecTest).
        start(4_200_000_002L, 65530, 4_200_000_002L, List.of("192.168.0.0/24"), "dont-capability-negotiate");
        speaker.advertise("tunnel-1", Set.of(Ipv4Prefix.parse("10.0.0.0/16")));
        Eventually.within(Duration.ofSeconds(15), "route from FRR", () -> learned().contains("192.168.0.0/24"));
        assertThat(speaker.session("tunnel-1").orElseThrow().fourOctetAs()).isFalse();
        assertThat(route("192.168.0.0/24").attributes().asPath().toString()).isEqualTo("65530");
        Eventually.within(Duration.ofSeconds(5), "FRR learns our prefix", () -> frr.hasRoute("10.0.0.0/16"));
        assertThat(frr.asPathOf("10.0.0.0/16")).isEqualTo("23456");
    }

    @Test
    void killedPeerIsWithdrawnWithinTheHoldTimeAndComesBack() throws Exception {
        // REQ-AS-003: the session going down withdraws what it learned.
        start(45104, 65530, 45104, List.of("192.168.0.0/24", "192.168.1.0/24"));
        Eventually.within(Duration.ofSeconds(15), "routes from FRR", () -> learned().size() == 2);
        frr.kill();
        Duration took = Eventually.within(WITHIN_HOLD, "withdrawal after kill", () -> learned().isEmpty());
        System.out.println("killed FRR reflected after " + took.toMillis() + " ms");
        assertThat(events).filteredOn(BgpEvent.RoutesWithdrawn.class::isInstance).isNotEmpty();

        frr.start();
        Eventually.within(Duration.ofSeconds(15), "routes after FRR restart", () -> learned().size() == 2);
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void linkDownIsNoticedByTheHoldTimer() throws Exception {
        start(45104, 65530, 45104, List.of("192.168.0.0/24"));
        Eventually.within(Duration.ofSeconds(15), "route from FRR", () -> learned().size() == 1);
        namespace.linkUp(false);
        Duration took = Eventually.within(WITHIN_HOLD, "withdrawal after link down", () -> learned().isEmpty());
        System.out.println("link down reflected after " + took.toMillis() + " ms");
        assertThat(speaker.session("tunnel-1").orElseThrow().lastError()).hasValue("hold timer expired");

        namespace.linkUp(true);
        Eventually.within(Duration.ofSeconds(20), "route after link up", () -> learned().size() == 1);
    }
}
