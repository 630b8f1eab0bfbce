package io.vpnplane.agent.managed;

import static io.vpnplane.agent.managed.BgpSessionConfigs.ipsec;
import static io.vpnplane.agent.managed.BgpSessionConfigs.leasedLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.Test;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.events.bgp.BgpBestRouteEvent;
import io.vpnplane.events.bgp.BgpBestRouteRemoved;
import io.vpnplane.events.bgp.BgpBestRouteSelected;
import io.vpnplane.events.bgp.BgpFsmState;
import io.vpnplane.events.bgp.BgpPathKind;
import io.vpnplane.events.bgp.BgpSessionEvent;
import io.vpnplane.events.bgp.BgpSessionRemoved;
import io.vpnplane.events.bgp.BgpSessionStateObserved;
import io.vpnplane.testkit.ContractEventProducer;

/** The follower's reconcile on records as they come off vpn.bgp and vpn.agent-config, without a broker or a speaker. */
class BgpSessionFollowerTest {

    private final RecordingRunner runner = new RecordingRunner();
    private final List<Map<String, String>> forwarded = new ArrayList<>();
    private final BgpSessionFollower follower = new BgpSessionFollower("gw-a-1", new MockConsumer<>("earliest"), runner,
            routes -> forwarded.add(routes.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue,
                    (a, b) -> a, TreeMap::new))));

    @Test
    void startsThisNodesLeasedLineSessionWithItsPrefixesAndNotAnotherNodes() {
        bgp(leasedLine("ll-mine", "gw-a-1", "10.100.0.2", List.of("10.0.0.0/16")));
        bgp(leasedLine("ll-other", "gw-b-1", "10.100.0.6", List.of("10.0.0.0/16")));
        follower.reconcile();

        assertThat(runner.calls).containsExactly("start ll-mine 10.100.0.2 [10.0.0.0/16]");
        assertThat(follower.running().keySet()).containsExactly("ll-mine");
    }

    // REQ-CONN-010: auto-advertise changes reach the running session without resetting it or any other
    @Test
    void aNewAdvertisedSetIsSentToThatSessionOnly() {
        bgp(leasedLine("a", "gw-a-1", "10.100.0.2", List.of("10.0.0.0/16")));
        bgp(leasedLine("b", "gw-a-1", "10.100.0.6", List.of("10.0.0.0/16")));
        follower.reconcile();
        runner.calls.clear();

        bgp(leasedLine("b", "gw-a-1", "10.100.0.6", List.of("10.0.0.0/16", "10.1.0.0/16")));
        follower.reconcile();

        assertThat(runner.calls).containsExactly("advertise b [10.0.0.0/16, 10.1.0.0/16]");
    }

    @Test
    void aNewPeerRestartsThatSessionOnly() {
        bgp(leasedLine("a", "gw-a-1", "10.100.0.2", List.of()));
        bgp(leasedLine("b", "gw-a-1", "10.100.0.6", List.of()));
        follower.reconcile();
        runner.calls.clear();

        bgp(leasedLine("b", "gw-a-1", "10.100.0.10", List.of()));
        follower.reconcile();

        assertThat(runner.calls).containsExactly("stop b", "start b 10.100.0.10 []");
    }

    // REQ-AS-003: the removed session is closed (the speaker withdraws what it learned)
    @Test
    void aRemovedSessionIsStoppedAndNothingElse() {
        bgp(leasedLine("a", "gw-a-1", "10.100.0.2", List.of()));
        bgp(leasedLine("b", "gw-a-1", "10.100.0.6", List.of()));
        follower.reconcile();
        runner.calls.clear();

        bgp(new BgpSessionRemoved("a", "vpn-1", "deleted"));
        follower.reconcile();

        assertThat(runner.calls).containsExactly("stop a");
        assertThat(follower.running().keySet()).containsExactly("b");
    }

    // REQ-TUN-008/REQ-GW-003: the session over a tunnel runs on the node that runs the tunnel, and goes with it
    @Test
    void anIpsecSessionStartsWhenItsTunnelIsPlacedHereAndStopsWhenTheTunnelGoes() {
        bgp(ipsec("tun-1", "169.254.10.1", "169.254.10.2", List.of("10.0.0.0/16")));
        bgp(ipsec("tun-2", "169.254.11.1", "169.254.11.2", List.of("10.0.0.0/16")));
        follower.reconcile();
        assertThat(runner.calls).isEmpty();

        tunnel("tun-1", "gw-a-1");
        tunnel("tun-2", "gw-a-1");
        follower.reconcile();
        assertThat(runner.calls).containsExactly("start bgp-tun-1 169.254.10.2 [10.0.0.0/16]",
                "start bgp-tun-2 169.254.11.2 [10.0.0.0/16]");
        runner.calls.clear();

        tunnel("tun-1", "gw-b-1"); // moved to another node
        follower.fold("tun-2", Optional.empty()); // tombstone
        follower.reconcile();
        assertThat(runner.calls).containsExactly("stop bgp-tun-1", "stop bgp-tun-2");
    }

    @Test
    void observationsAndOtherRecordsOnVpnBgpChangeNothing() {
        bgp(leasedLine("a", "gw-a-1", "10.100.0.2", List.of()));
        follower.reconcile();
        runner.calls.clear();

        bgp(new BgpSessionStateObserved("a", "gw-a-1", BgpFsmState.ESTABLISHED, Optional.of("10.100.0.2"), Optional.empty(),
                Instant.now()));
        follower.reconcile();

        assertThat(runner.calls).isEmpty();
    }

    // two sessions to one peer address cannot share the speaker: the second waits until the first is gone
    @Test
    void aSessionTheSpeakerRefusesIsNotRetriedUntilAnotherSessionStops() {
        bgp(leasedLine("a", "gw-a-1", "10.100.0.2", List.of()));
        follower.reconcile();
        runner.refuse.add("b");
        bgp(leasedLine("b", "gw-a-1", "10.100.0.2", List.of()));
        follower.reconcile();
        bgp(leasedLine("c", "gw-a-1", "10.100.0.14", List.of()));
        follower.reconcile();
        assertThat(runner.calls).containsExactly("start a 10.100.0.2 []", "refused b", "start c 10.100.0.14 []");
        runner.calls.clear();
        runner.refuse.clear();

        bgp(new BgpSessionRemoved("a", "vpn-1", "deleted"));
        follower.reconcile();
        follower.reconcile();

        assertThat(runner.calls).containsExactly("stop a", "start b 10.100.0.2 []");
    }

    @Test
    void aConfigurationThatCannotRunLeavesTheRunningSessionAsItWas() {
        bgp(leasedLine("a", "gw-a-1", "10.100.0.2", List.of()));
        follower.reconcile();
        runner.calls.clear();

        bgp(leasedLine("a", "gw-a-1", "10.100.0.256", List.of()));
        follower.reconcile();

        assertThat(runner.calls).isEmpty();
        assertThat(follower.running().get("a").config().peerAddress().getHostAddress()).isEqualTo("10.100.0.2");
    }

    // REQ-AS-002: the node running the leased line forwards the prefixes whose best path is that leased line
    @Test
    void leasedLineBestPathsOfSessionsRunningHereAreForwardedToTheirNextHop() {
        bgp(leasedLine("ll-mine", "gw-a-1", "172.30.0.2", List.of()));
        bgp(leasedLine("ll-other", "gw-b-1", "172.30.1.2", List.of()));
        follower.reconcile();
        best(new BgpBestRouteSelected("vpn-1", "192.168.1.0/24", "ll-mine", BgpPathKind.LEASED_LINE, Optional.empty(), "172.30.0.2",
                List.of(65530L), Instant.now()));
        best(new BgpBestRouteSelected("vpn-1", "192.168.2.0/24", "ll-other", BgpPathKind.LEASED_LINE, Optional.empty(), "172.30.1.2",
                List.of(65530L), Instant.now()));
        follower.reconcile();

        assertThat(forwarded).containsExactly(Map.of("192.168.1.0/24", "172.30.0.2"));
    }

    // REQ-AS-003: when the leased line's path loses to IPsec the prefix leaves the next-hop routes (vpn.routes takes it
    // into the tunnel), and comes back when the leased line is best again
    @Test
    void aPrefixMovesOffTheLeasedLineWhenIpsecBecomesBestAndBack() {
        bgp(leasedLine("ll", "gw-a-1", "172.30.0.2", List.of()));
        BgpBestRouteSelected leased = new BgpBestRouteSelected("vpn-1", "192.168.1.0/24", "ll", BgpPathKind.LEASED_LINE,
                Optional.empty(), "172.30.0.2", List.of(65530L), Instant.now());
        best(leased);
        follower.reconcile();
        best(new BgpBestRouteSelected("vpn-1", "192.168.1.0/24", "bgp-tun-1", BgpPathKind.IPSEC, Optional.of("conn-1"),
                "169.254.10.2", List.of(65530L), Instant.now()));
        follower.reconcile();
        best(leased);
        follower.reconcile();
        best(new BgpBestRouteRemoved("vpn-1", "192.168.1.0/24", Instant.now()));
        follower.reconcile();

        assertThat(forwarded).containsExactly(Map.of("192.168.1.0/24", "172.30.0.2"), Map.of(), Map.of("192.168.1.0/24", "172.30.0.2"),
                Map.of());
    }

    @Test
    void stoppingTheLeasedLineSessionTakesItsRoutesAlongAndRepeatsAreNotPushedAgain() {
        bgp(leasedLine("ll", "gw-a-1", "172.30.0.2", List.of()));
        best(new BgpBestRouteSelected("vpn-1", "192.168.0.0/24", "ll", BgpPathKind.LEASED_LINE, Optional.empty(), "172.30.0.2",
                List.of(65530L), Instant.now()));
        follower.reconcile();
        follower.reconcile();
        bgp(new BgpSessionRemoved("ll", "vpn-1", "deleted"));
        follower.reconcile();

        assertThat(forwarded).containsExactly(Map.of("192.168.0.0/24", "172.30.0.2"), Map.of());
    }

    private void best(BgpBestRouteEvent event) {
        follower.fold("vpn-1", Optional.of(ContractEventProducer.envelope("acc-1", "vpn-1", (Record) event)));
    }

    private void bgp(BgpSessionEvent event) {
        follower.fold(event.sessionId(), Optional.of(ContractEventProducer.envelope("acc-1", event.sessionId(), (Record) event)));
    }

    private void bgp(BgpSessionStateObserved event) {
        follower.fold(event.sessionId(), Optional.of(ContractEventProducer.envelope("acc-1", event.sessionId(), event)));
    }

    private void tunnel(String tunnelId, String nodeId) {
        follower.fold(tunnelId, Optional.of(ContractEventProducer.envelope("acc-1", tunnelId, DesiredConfigs.desired(tunnelId, nodeId, 1))));
    }

    private static final class RecordingRunner implements BgpSessionRunner {
        final List<String> calls = new ArrayList<>();
        final Set<String> refuse = new HashSet<>();

        @Override
        public void start(ManagedBgpSession session) {
            if (refuse.contains(session.id())) {
                calls.add("refused " + session.id());
                throw new IllegalArgumentException("a session with peer " + session.config().peerAddress() + " exists");
            }
            calls.add("start " + session.id() + " " + session.config().peerAddress().getHostAddress() + " " + sorted(session.advertise()));
        }

        @Override
        public void stop(String sessionId) {
            calls.add("stop " + sessionId);
        }

        @Override
        public void advertise(String sessionId, Set<Ipv4Prefix> prefixes) {
            calls.add("advertise " + sessionId + " " + sorted(prefixes));
        }

        private static List<Ipv4Prefix> sorted(Set<Ipv4Prefix> prefixes) {
            return prefixes.stream().sorted().toList();
        }
    }
}
