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

/** Our speaker against BIRD 2 in a network namespace (REQ-GW-003). */
@Tag("interop")
class BirdInteropTest {

    private static final int SPEAKER_PORT = 10180;
    private static final Duration HOLD = Duration.ofSeconds(3);
    private static final Duration WITHIN_HOLD = HOLD.plusMillis(500);
    private static PeerNamespace namespace;

    private final List<BgpEvent> events = new CopyOnWriteArrayList<>();
    private BgpSpeaker speaker;
    private Bird bird;

    @BeforeAll
    static void namespace() {
        assumeTrue(Command.isRoot(), "network namespaces need root");
        assumeTrue(Bird.installed(), "BIRD 2 is not installed (apt-get install bird2)");
        namespace = new PeerNamespace("bgpbird", 2);
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
        if (bird != null) {
            bird.close();
        }
    }

    private void start(long ourAs, long birdAs, long birdSeesAs, List<String> staticA, List<String> staticB, String... bgpExtras)
            throws Exception {
        bird = new Bird(namespace, Bird.config(birdAs, namespace.peerAddress(), namespace.localAddress(), birdSeesAs, SPEAKER_PORT,
                staticA, staticB, bgpExtras));
        Inet4Address local = (Inet4Address) InetAddress.getByName(namespace.localAddress());
        speaker = BgpSpeaker.start(SpeakerConfig.listeningOn(new InetSocketAddress(local, SPEAKER_PORT)), events::add);
        speaker.addSession(SessionConfig.builder("tunnel-2", ourAs, birdAs, local, (Inet4Address) InetAddress.getByName(namespace.peerAddress()))
                .localAddress(local).holdTime(HOLD).connectRetryTime(Duration.ofSeconds(1)).idleHoldTime(Duration.ofMillis(200)).build());
    }

    private Set<String> learned() {
        return speaker.learnedRoutes("tunnel-2").stream().map(r -> r.prefix().toString()).collect(Collectors.toSet());
    }

    private LearnedRoute route(String prefix) {
        return speaker.learnedRoutes("tunnel-2").stream().filter(r -> r.prefix().toString().equals(prefix)).findFirst().orElseThrow();
    }

    @Test
    void twoOctetAsnsRoutesFlowBothWaysAndWithdrawalsArrive() throws Exception {
        start(45104, 65530, 45104, List.of("192.168.0.0/24", "192.168.2.0/24", "0.0.0.0/0", "100.100.0.0/16"), List.of("192.168.1.0/24"));
        speaker.advertise("tunnel-2", Set.of(Ipv4Prefix.parse("10.0.0.0/16"), Ipv4Prefix.parse("10.1.0.0/16")));

        Eventually.within(Duration.ofSeconds(15), "routes from BIRD", () -> learned().size() == 3);
        assertThat(learned()).containsExactlyInAnyOrder("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24");
        assertThat(route("192.168.0.0/24").attributes().asPath().toString()).isEqualTo("65530");
        assertThat(Ipv4Prefix.formatAddress(route("192.168.0.0/24").attributes().nextHop())).isEqualTo(namespace.peerAddress());
        // REQ-X-002.
        assertThat(events).filteredOn(BgpEvent.RoutesRejected.class::isInstance).map(BgpEvent.RoutesRejected.class::cast)
                .flatMap(BgpEvent.RoutesRejected::prefixes).extracting(Ipv4Prefix::toString)
                .containsExactlyInAnyOrder("0.0.0.0/0", "100.100.0.0/16");
        Eventually.within(Duration.ofSeconds(5), "BIRD learns our prefixes", () -> bird.hasRoute("10.0.0.0/16") && bird.hasRoute("10.1.0.0/16"));
        assertThat(bird.asPathOf("10.0.0.0/16")).isEqualTo("45104");

        bird.birdc("disable", "staticB");
        Duration took = Eventually.within(WITHIN_HOLD, "withdrawal from BIRD", () -> !learned().contains("192.168.1.0/24"));
        System.out.println("BIRD withdrawal reflected after " + took.toMillis() + " ms");

        speaker.advertise("tunnel-2", Set.of(Ipv4Prefix.parse("10.1.0.0/16")));
        Eventually.within(WITHIN_HOLD, "BIRD sees our withdrawal", () -> !bird.hasRoute("10.0.0.0/16"));
        assertThat(bird.hasRoute("10.1.0.0/16")).isTrue();
        assertThat(speaker.session("tunnel-2").orElseThrow().state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void fourOctetAsnsOnBothSides() throws Exception {
        start(4_200_000_002L, 4_200_000_001L, 4_200_000_002L, List.of("192.168.0.0/24"), List.of());
        speaker.advertise("tunnel-2", Set.of(Ipv4Prefix.parse("10.0.0.0/16")));
        Eventually.within(Duration.ofSeconds(15), "route from BIRD", () -> learned().contains("192.168.0.0/24"));
        assertThat(route("192.168.0.0/24").attributes().asPath().toString()).isEqualTo("4200000001");
        Eventually.within(Duration.ofSeconds(5), "BIRD learns our prefix", () -> bird.hasRoute("10.0.0.0/16"));
        assertThat(bird.asPathOf("10.0.0.0/16")).isEqualTo("4200000002");
    }

    @Test
    void peerWithoutFourOctetCapability() throws Exception {
        // BIRD with "enable as4 off" is an old 2-octet speaker (RFC 6793): no capability, so
        // both directions use 2-octet AS_PATHs. (BIRD refuses a 4-octet neighbour AS in this
        // mode, so AS_TRANS against a real peer is exercised in FrrInteropTest.)
        start(45104, 65530, 45104, List.of("192.168.0.0/24"), List.of(), "enable as4 off");
        speaker.advertise("tunnel-2", Set.of(Ipv4Prefix.parse("10.0.0.0/16")));
        Eventually.within(Duration.ofSeconds(15), "route from BIRD", () -> learned().contains("192.168.0.0/24"));
        assertThat(speaker.session("tunnel-2").orElseThrow().fourOctetAs()).isFalse();
        assertThat(route("192.168.0.0/24").attributes().asPath().toString()).isEqualTo("65530");
        Eventually.within(Duration.ofSeconds(5), "BIRD learns our prefix", () -> bird.hasRoute("10.0.0.0/16"));
        assertThat(bird.asPathOf("10.0.0.0/16")).isEqualTo("45104");
    }

    @Test
    void killedPeerIsWithdrawnWithinTheHoldTime() throws Exception {
        start(45104, 65530, 45104, List.of("192.168.0.0/24", "192.168.1.0/24"), List.of());
        Eventually.within(Duration.ofSeconds(15), "routes from BIRD", () -> learned().size() == 2);
        bird.kill();
        Duration took = Eventually.within(WITHIN_HOLD, "withdrawal after kill", () -> learned().isEmpty());
        System.out.println("killed BIRD reflected after " + took.toMillis() + " ms");
        bird.start();
        Eventually.within(Duration.ofSeconds(15), "routes after BIRD restart", () -> learned().size() == 2);
    }
}
