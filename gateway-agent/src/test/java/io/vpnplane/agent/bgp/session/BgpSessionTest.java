package io.vpnplane.agent.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Two sessions against each other in virtual time: the FSM, its timers and route exchange. */
class BgpSessionTest {

    private static final int CLOUD = Ipv4Prefix.parseAddress("169.254.10.1");
    private static final int ONPREM = Ipv4Prefix.parseAddress("169.254.10.2");

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final MemoryNetwork network = new MemoryNetwork(scheduler);
    private final List<BgpEvent> cloudEvents = new ArrayList<>();
    private final List<BgpEvent> onpremEvents = new ArrayList<>();
    private final BgpSession[] cloudRef = new BgpSession[1];
    private final BgpSession[] onpremRef = new BgpSession[1];

    private BgpSession cloud;
    private BgpSession onprem;

    private void build(long cloudAs, long onpremAs, UnaryOperator<SessionConfig.Builder> cloudTweak,
                       UnaryOperator<SessionConfig.Builder> onpremTweak) {
        SessionConfig cloudConfig = cloudTweak.apply(SessionConfig.builder("tunnel-1", cloudAs, onpremAs,
                Ipv4Prefix.toInet(CLOUD), Ipv4Prefix.toInet(ONPREM)).connectRetryTime(Duration.ofSeconds(5))).build();
        SessionConfig onpremConfig = onpremTweak.apply(SessionConfig.builder("cgw", onpremAs, cloudAs,
                Ipv4Prefix.toInet(ONPREM), Ipv4Prefix.toInet(CLOUD)).connectRetryTime(Duration.ofSeconds(5))).build();
        cloud = new BgpSession(cloudConfig, scheduler, network.initiator(CLOUD, ONPREM, onpremRef), cloudEvents::add);
        onprem = new BgpSession(onpremConfig, scheduler, network.initiator(ONPREM, CLOUD, cloudRef), onpremEvents::add);
        cloudRef[0] = cloud;
        onpremRef[0] = onprem;
    }

    private static Set<Ipv4Prefix> prefixes(String... cidrs) {
        Set<Ipv4Prefix> set = new HashSet<>();
        for (String cidr : cidrs) {
            set.add(Ipv4Prefix.parse(cidr));
        }
        return set;
    }

    private static Set<Ipv4Prefix> learned(BgpSession session) {
        Set<Ipv4Prefix> set = new HashSet<>();
        session.learnedRoutes().forEach(r -> set.add(r.prefix()));
        return set;
    }

    private static <T extends BgpEvent> List<T> eventsOf(List<BgpEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void establishesAndExchangesPrefixesBothWaysWithFourOctetAs() {
        // REQ-AS-001: cloud 45104 over the tunnel's inner /30; the on-prem side uses a 4-octet ASN.
        build(45104, 4_200_000_001L, b -> b.passive(true), b -> b);
        cloud.advertise(prefixes("10.0.0.0/16"));
        onprem.advertise(prefixes("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24"));
        cloud.start();
        onprem.start();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(cloud.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(onprem.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(cloud.snapshot().fourOctetAs()).isTrue();
        assertThat(learned(cloud)).isEqualTo(prefixes("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24"));
        assertThat(learned(onprem)).isEqualTo(prefixes("10.0.0.0/16"));
        LearnedRoute route = cloud.learnedRoutes().getFirst();
        assertThat(route.attributes().asPath().toString()).isEqualTo("4200000001");
        assertThat(route.attributes().nextHop()).isEqualTo(ONPREM);
        assertThat(eventsOf(cloudEvents, BgpEvent.StateChanged.class)).extracting(BgpEvent.StateChanged::to)
                .containsExactly(SessionState.ACTIVE, SessionState.OPEN_SENT, SessionState.OPEN_CONFIRM, SessionState.ESTABLISHED);
    }

    @Test
    void advertisementChangesAreSentAsDifferences() {
        build(45104, 65530, b -> b, b -> b.passive(true));
        cloud.advertise(prefixes("10.0.0.0/16", "10.1.0.0/16"));
        cloud.start();
        onprem.start();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(learned(onprem)).isEqualTo(prefixes("10.0.0.0/16", "10.1.0.0/16"));

        onpremEvents.clear();
        cloud.advertise(prefixes("10.1.0.0/16", "10.2.0.0/16"));
        scheduler.advance(Duration.ofMillis(10));
        assertThat(learned(onprem)).isEqualTo(prefixes("10.1.0.0/16", "10.2.0.0/16"));
        assertThat(eventsOf(onpremEvents, BgpEvent.RoutesWithdrawn.class)).flatExtracting(BgpEvent.RoutesWithdrawn::prefixes)
                .containsExactly(Ipv4Prefix.parse("10.0.0.0/16"));
        assertThat(eventsOf(onpremEvents, BgpEvent.RoutesLearned.class)).flatExtracting(BgpEvent.RoutesLearned::routes)
                .extracting(LearnedRoute::prefix).containsExactly(Ipv4Prefix.parse("10.2.0.0/16"));
    }

    @Test
    void keepalivesHoldTheSessionAndALostLinkIsDetectedWithinTheHoldTime() {
        // Hold time down to 3 s; a dead tunnel (no FIN, no RST) must be noticed by the hold timer.
        build(45104, 65530, b -> b.holdTime(Duration.ofSeconds(3)), b -> b.passive(true).holdTime(Duration.ofSeconds(3)));
        onprem.advertise(prefixes("192.168.0.0/24"));
        cloud.start();
        onprem.start();
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(cloud.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(cloud.snapshot().negotiatedHoldSeconds()).isEqualTo(3);

        // Keepalives every second: the last one arrived up to 1 s before the cut.
        network.cut(true);
        scheduler.advance(Duration.ofMillis(1900));
        assertThat(cloud.state()).isEqualTo(SessionState.ESTABLISHED);
        scheduler.advance(Duration.ofMillis(1200));
        assertThat(cloud.state()).isNotEqualTo(SessionState.ESTABLISHED);
        assertThat(cloud.snapshot().lastError()).hasValue("hold timer expired");
        // REQ-AS-003: the session going down withdraws what it learned.
        assertThat(cloud.learnedRoutes()).isEmpty();
        assertThat(eventsOf(cloudEvents, BgpEvent.RoutesWithdrawn.class)).flatExtracting(BgpEvent.RoutesWithdrawn::prefixes)
                .containsExactly(Ipv4Prefix.parse("192.168.0.0/24"));

        network.cut(false);
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(cloud.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(learned(cloud)).isEqualTo(prefixes("192.168.0.0/24"));
    }

    @Test
    void connectionCollisionKeepsExactlyOneConnection() {
        // Both sides active and starting at the same instant: RFC 4271 6.8 collision detection.
        build(45104, 65530, b -> b, b -> b);
        cloud.advertise(prefixes("10.0.0.0/16"));
        onprem.advertise(prefixes("192.168.0.0/24"));
        cloud.start();
        onprem.start();
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(network.connectionsOpened).isEqualTo(2);
        assertThat(cloud.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(onprem.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(network.openPipes()).isEqualTo(1);
        assertThat(learned(cloud)).isEqualTo(prefixes("192.168.0.0/24"));
        assertThat(learned(onprem)).isEqualTo(prefixes("10.0.0.0/16"));
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(cloud.state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void prefixLimitDropsExcessRoutesWithAWarningAndKeepsTheSession() {
        // REQ-X-003: default limit 50; excess dropped with a visible warning, not a session reset.
        build(45104, 65530, b -> b, b -> b.passive(true));
        Set<Ipv4Prefix> sixty = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            sixty.add(new Ipv4Prefix(Ipv4Prefix.parseAddress("192.168.0.0") + (i << 8), 24));
        }
        onprem.advertise(sixty);
        cloud.start();
        onprem.start();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(cloud.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(cloud.learnedRoutes()).hasSize(50);
        assertThat(eventsOf(cloudEvents, BgpEvent.PrefixLimitExceeded.class)).singleElement()
                .satisfies(e -> assertThat(e.droppedTotal()).isEqualTo(10));
        assertThat(cloud.snapshot().droppedOverLimit()).isEqualTo(10);

        // Withdrawing 20 makes room: the speaker asks for a route refresh and learns the rest.
        Set<Ipv4Prefix> forty = new HashSet<>();
        cloud.learnedRoutes().stream().limit(40).forEach(r -> forty.add(r.prefix()));
        onprem.advertise(forty);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(learned(cloud)).isEqualTo(forty);
        Set<Ipv4Prefix> fortyFive = new HashSet<>(forty);
        sixty.stream().filter(p -> !forty.contains(p)).limit(5).forEach(fortyFive::add);
        onprem.advertise(fortyFive);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(learned(cloud)).isEqualTo(fortyFive);
        assertThat(cloud.state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void leasedLinePeerGetsItsOwnLimit() {
        build(45104, 65530, b -> b.maxPrefixes(SessionConfig.LEASED_LINE_MAX_PREFIXES), b -> b.passive(true));
        Set<Ipv4Prefix> many = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            many.add(new Ipv4Prefix(Ipv4Prefix.parseAddress("10.0.0.0") + (i << 8), 24));
        }
        onprem.advertise(many);
        cloud.start();
        onprem.start();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(cloud.learnedRoutes()).hasSize(110);
    }

    @Test
    void defaultRouteAndSharedAddressSpaceAreRefused() {
        // REQ-X-002.
        build(45104, 65530, b -> b, b -> b.passive(true));
        onprem.advertise(prefixes("0.0.0.0/0", "100.64.0.0/10", "100.100.5.0/24", "100.0.0.0/8", "100.128.0.0/10", "192.168.0.0/24"));
        cloud.start();
        onprem.start();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(learned(cloud)).isEqualTo(prefixes("100.128.0.0/10", "192.168.0.0/24"));
        assertThat(eventsOf(cloudEvents, BgpEvent.RoutesRejected.class)).flatExtracting(BgpEvent.RoutesRejected::prefixes)
                .containsExactlyInAnyOrderElementsOf(prefixes("0.0.0.0/0", "100.64.0.0/10", "100.100.5.0/24", "100.0.0.0/8"));
    }

    @Test
    void wrongPeerAsIsRefusedWithANotification() {
        build(45104, 65530, b -> b, b -> b.passive(true));
        BgpSession impostor = new BgpSession(SessionConfig.builder("cgw", 65999, 45104, Ipv4Prefix.toInet(ONPREM),
                Ipv4Prefix.toInet(CLOUD)).passive(true).build(), scheduler, s -> { }, onpremEvents::add);
        onpremRef[0] = impostor;
        impostor.start();
        cloud.start();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(cloud.state()).isNotEqualTo(SessionState.ESTABLISHED);
        assertThat(cloud.snapshot().lastError()).hasValueSatisfying(e -> assertThat(e).contains("OPEN refused"));
        assertThat(impostor.snapshot().lastError()).hasValueSatisfying(e -> assertThat(e).contains("NOTIFICATION 2/2"));
    }

    @Test
    void administrativeStopWithdrawsEverythingOnBothSidesAndStaysDown() {
        build(45104, 65530, b -> b, b -> b.passive(true));
        cloud.advertise(prefixes("10.0.0.0/16"));
        onprem.advertise(prefixes("192.168.0.0/24"));
        cloud.start();
        onprem.start();
        scheduler.advance(Duration.ofSeconds(1));
        cloud.stop();
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(cloud.state()).isEqualTo(SessionState.IDLE);
        assertThat(onprem.state()).isNotEqualTo(SessionState.ESTABLISHED);
        assertThat(cloud.learnedRoutes()).isEmpty();
        assertThat(onprem.learnedRoutes()).isEmpty();
        assertThat(onprem.snapshot().lastError()).hasValueSatisfying(e -> assertThat(e).contains("NOTIFICATION 6/2"));
    }

    @Test
    void configRejectsHoldTimesBelowThreeSeconds() {
        Inet4Address id = Ipv4Prefix.toInet(CLOUD);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SessionConfig.builder("x", 1, 2, id, id).holdTime(Duration.ofSeconds(2)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SessionConfig.builder("x", 1, 2, id, id).build().holdTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(SessionConfig.builder("x", 1, 2, id, id).build().maxPrefixes()).isEqualTo(50);
    }
}
