package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.vpnplane.agent.bgp.message.AsPath;
import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.message.Origin;
import io.vpnplane.agent.bgp.message.PathAttributes;
import io.vpnplane.agent.bgp.session.BgpEvent;
import io.vpnplane.agent.bgp.session.LearnedRoute;
import io.vpnplane.agent.bgp.session.SessionState;
import io.vpnplane.agent.managed.BgpObservationBatches.Observed;
import io.vpnplane.events.bgp.BgpFsmState;
import io.vpnplane.events.bgp.BgpObservation;
import io.vpnplane.events.bgp.BgpOrigin;
import io.vpnplane.events.bgp.BgpPath;
import io.vpnplane.events.bgp.BgpRoutesLearned;
import io.vpnplane.events.bgp.BgpRoutesWithdrawn;
import io.vpnplane.events.bgp.BgpSessionStateObserved;

class BgpObservationBatchesTest {

    private static final Instant T1 = Instant.parse("2026-11-23T03:30:00Z");
    private static final Instant T2 = T1.plusMillis(5);
    private static final PathAttributes FROM_65530 = PathAttributes.of(Origin.IGP, AsPath.sequence(65530, 65001),
            Ipv4Prefix.parseAddress("10.100.0.2")).withMed(20);

    private final BgpObservationBatches batches = new BgpObservationBatches("gw-a-1");

    @Test
    void consecutiveUpdatesOfASessionBecomeOneLearnedEvent() {
        List<BgpObservation> out = batches.of(List.of(
                learned("s1", T1, "192.168.0.0/24", "192.168.1.0/24"),
                learned("s2", T1, "172.16.0.0/16"),
                learned("s1", T2, "192.168.2.0/24")));

        assertThat(out).containsExactly(
                new BgpRoutesLearned("s1", "gw-a-1", List.of(path("192.168.0.0/24"), path("192.168.1.0/24"), path("192.168.2.0/24")), T2),
                new BgpRoutesLearned("s2", "gw-a-1", List.of(path("172.16.0.0/16")), T1));
    }

    @Test
    void theContractPathCarriesTheAttributesAsReceived() {
        assertThat(path("192.168.0.0/24")).isEqualTo(new BgpPath("192.168.0.0/24", "10.100.0.2", List.of(65530L, 65001L),
                BgpOrigin.IGP, Optional.empty(), Optional.of(20L)));
    }

    // a withdrawal between two announcements of the same prefix must stay between them
    @Test
    void learnedAndWithdrawnKeepTheirOrderWithinASession() {
        List<BgpObservation> out = batches.of(List.of(
                learned("s1", T1, "192.168.0.0/24"),
                withdrawn("s1", T1, "192.168.0.0/24"),
                learned("s1", T2, "192.168.0.0/24")));

        assertThat(out).containsExactly(
                new BgpRoutesLearned("s1", "gw-a-1", List.of(path("192.168.0.0/24")), T1),
                new BgpRoutesWithdrawn("s1", "gw-a-1", List.of("192.168.0.0/24"), T1),
                new BgpRoutesLearned("s1", "gw-a-1", List.of(path("192.168.0.0/24")), T2));
    }

    // REQ-AS-003: going down reports the withdrawal of everything learned, then the state
    @Test
    void aStateChangeClosesTheBatchBeforeIt() {
        List<BgpObservation> out = batches.of(List.of(
                state("s1", SessionState.OPEN_CONFIRM, SessionState.ESTABLISHED, "KEEPALIVE received", Optional.of("10.100.0.2"), T1),
                learned("s1", T1, "192.168.0.0/24", "192.168.1.0/24"),
                withdrawn("s1", T2, "192.168.0.0/24", "192.168.1.0/24"),
                state("s1", SessionState.ESTABLISHED, SessionState.IDLE, "hold timer expired", Optional.empty(), T2)));

        assertThat(out).containsExactly(
                new BgpSessionStateObserved("s1", "gw-a-1", BgpFsmState.ESTABLISHED, Optional.of("10.100.0.2"), Optional.empty(), T1),
                new BgpRoutesLearned("s1", "gw-a-1", List.of(path("192.168.0.0/24"), path("192.168.1.0/24")), T1),
                new BgpRoutesWithdrawn("s1", "gw-a-1", List.of("192.168.0.0/24", "192.168.1.0/24"), T2),
                new BgpSessionStateObserved("s1", "gw-a-1", BgpFsmState.IDLE, Optional.empty(), Optional.of("hold timer expired"), T2));
    }

    @Test
    void aBatchHoldsAtMostMaxBatchEntries() {
        String[] prefixes = IntStream.range(0, BgpObservationBatches.MAX_BATCH + 1)
                .mapToObj(i -> "10." + (i / 256) + "." + (i % 256) + ".0/24").toArray(String[]::new);

        List<BgpObservation> out = batches.of(List.of(withdrawn("s1", T1, prefixes)));

        assertThat(out).hasSize(2);
        assertThat(((BgpRoutesWithdrawn) out.get(0)).prefixes()).hasSize(BgpObservationBatches.MAX_BATCH);
        assertThat(((BgpRoutesWithdrawn) out.get(1)).prefixes()).containsExactly(prefixes[BgpObservationBatches.MAX_BATCH]);
    }

    // a session that cannot connect (its address not there yet) flips CONNECT/ACTIVE every connect retry
    @Test
    void connectRetriesAreReportedOnceNotEveryTenSeconds() {
        List<Observed> run = new ArrayList<>();
        run.add(state("s1", SessionState.IDLE, SessionState.CONNECT, "connecting", Optional.empty(), T1));
        for (int i = 0; i < 3; i++) {
            run.add(state("s1", SessionState.CONNECT, SessionState.ACTIVE, "connect failed: Cannot assign requested address",
                    Optional.empty(), T1));
            run.add(state("s1", SessionState.ACTIVE, SessionState.CONNECT, "connect retry", Optional.empty(), T1));
        }
        run.add(state("s1", SessionState.CONNECT, SessionState.OPEN_SENT, "connected (outbound)", Optional.empty(), T2));

        assertThat(batches.of(run)).containsExactly(
                new BgpSessionStateObserved("s1", "gw-a-1", BgpFsmState.CONNECT, Optional.empty(), Optional.of("connecting"), T1),
                new BgpSessionStateObserved("s1", "gw-a-1", BgpFsmState.OPEN_SENT, Optional.empty(),
                        Optional.of("connected (outbound)"), T2));
        assertThat(batches.of(List.of(state("s1", SessionState.OPEN_SENT, SessionState.ACTIVE, "connection closed by peer",
                Optional.empty(), T2)))).hasSize(1);
    }

    @Test
    void rejectedRoutesAndPrefixLimitWarningsAreNotContractEvents() {
        assertThat(batches.of(List.of(
                new Observed(new BgpEvent.RoutesRejected("s1", List.of(Ipv4Prefix.parse("0.0.0.0/0")), "default route"), Optional.empty(), T1),
                new Observed(new BgpEvent.PrefixLimitExceeded("s1", 50, 3, 3), Optional.empty(), T1)))).isEmpty();
    }

    private static Observed learned(String session, Instant at, String... prefixes) {
        return new Observed(new BgpEvent.RoutesLearned(session, java.util.Arrays.stream(prefixes)
                .map(p -> new LearnedRoute(Ipv4Prefix.parse(p), FROM_65530)).toList()), Optional.empty(), at);
    }

    private static Observed withdrawn(String session, Instant at, String... prefixes) {
        return new Observed(new BgpEvent.RoutesWithdrawn(session, java.util.Arrays.stream(prefixes).map(Ipv4Prefix::parse).toList()),
                Optional.empty(), at);
    }

    private static Observed state(String session, SessionState from, SessionState to, String reason, Optional<String> routerId,
                                  Instant at) {
        return new Observed(new BgpEvent.StateChanged(session, from, to, reason), routerId, at);
    }

    private static BgpPath path(String prefix) {
        return BgpObservationBatches.path(new LearnedRoute(Ipv4Prefix.parse(prefix), FROM_65530));
    }
}
