package io.vpnplane.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BestPathSelectorTest {

    private final BestPathSelector selector = new BestPathSelector();

    private LearnedRoute winner(Routes... routes) {
        return selector.best(List.of(routes).stream().map(Routes::route).toList()).orElseThrow();
    }

    @Test
    void noCandidatesNoBest() {
        assertThat(selector.best(List.of())).isEmpty();
    }

    @Test
    void leasedLineBeatsIpsecEvenWithWorseAttributes() { // REQ-AS-002
        var ipsec = Routes.ipsec("s-ipsec", "192.168.0.0/24").localPref(500);
        var leased = Routes.leasedLine("s-vbr", "192.168.0.0/24").localPref(50).asPath(1L, 2L, 3L, 4L)
                .origin(Origin.INCOMPLETE).med(1000).ibgp().routerId(0xFFFFFFFFL);
        assertThat(winner(ipsec, leased).sessionId()).isEqualTo("s-vbr");
        assertThat(winner(leased, ipsec).sessionId()).isEqualTo("s-vbr");
    }

    @Test
    void higherLocalPrefWinsOverShorterAsPath() {
        var a = Routes.ipsec("a", "10.1.0.0/16").localPref(200).asPath(1L, 2L, 3L);
        var b = Routes.ipsec("b", "10.1.0.0/16").localPref(100).asPath(1L);
        assertThat(winner(a, b).sessionId()).isEqualTo("a");
    }

    @Test
    void shorterAsPathWinsOverOrigin() {
        var a = Routes.ipsec("a", "10.1.0.0/16").asPath(1L).origin(Origin.INCOMPLETE);
        var b = Routes.ipsec("b", "10.1.0.0/16").asPath(1L, 1L).origin(Origin.IGP);
        assertThat(winner(b, a).sessionId()).isEqualTo("a");
    }

    @Test
    void originIgpThenEgpThenIncompleteWinsOverMed() {
        var igp = Routes.ipsec("igp", "10.1.0.0/16").origin(Origin.IGP).med(900);
        var egp = Routes.ipsec("egp", "10.1.0.0/16").origin(Origin.EGP).med(0);
        var incomplete = Routes.ipsec("inc", "10.1.0.0/16").origin(Origin.INCOMPLETE).med(0);
        assertThat(winner(incomplete, egp, igp).sessionId()).isEqualTo("igp");
        assertThat(winner(incomplete, egp).sessionId()).isEqualTo("egp");
    }

    @Test
    void lowerMedWinsOverEbgp() {
        var a = Routes.ipsec("a", "10.1.0.0/16").med(10).ibgp();
        var b = Routes.ipsec("b", "10.1.0.0/16").med(20);
        assertThat(winner(b, a).sessionId()).isEqualTo("a");
    }

    @Test
    void medComparedEvenBetweenDifferentNeighbourAs() { // documented always-compare-med
        var a = Routes.ipsec("a", "10.1.0.0/16").asPath(65010L).med(5);
        var b = Routes.ipsec("b", "10.1.0.0/16").asPath(65020L).med(1);
        assertThat(winner(a, b).sessionId()).isEqualTo("b");
    }

    @Test
    void ebgpWinsOverIbgpBeforeRouterId() {
        var ibgp = Routes.ipsec("a", "10.1.0.0/16").ibgp().routerId(1);
        var ebgp = Routes.ipsec("b", "10.1.0.0/16").routerId(2);
        assertThat(winner(ibgp, ebgp).sessionId()).isEqualTo("b");
    }

    @Test
    void lowestRouterIdWinsComparedUnsigned() {
        var low = Routes.ipsec("a", "10.1.0.0/16").routerId(0x0A000001L);
        var high = Routes.ipsec("b", "10.1.0.0/16").routerId(0xC0A80001L);
        assertThat(winner(high, low).sessionId()).isEqualTo("a");
    }

    @Test
    void sessionIdBreaksTheLastTie() {
        var a = Routes.ipsec("a", "10.1.0.0/16");
        var b = Routes.ipsec("b", "10.1.0.0/16");
        assertThat(winner(b, a).sessionId()).isEqualTo("a");
    }

    @Test
    void resultDoesNotDependOnArrivalOrder() {
        var all = new ArrayList<>(List.of(
                Routes.ipsec("a", "10.1.0.0/16").med(3).route(),
                Routes.ipsec("b", "10.1.0.0/16").med(1).routerId(9).route(),
                Routes.ipsec("c", "10.1.0.0/16").med(1).routerId(4).route(),
                Routes.ipsec("d", "10.1.0.0/16").origin(Origin.EGP).route(),
                Routes.ipsec("e", "10.1.0.0/16").asPath(1L, 2L).route()));
        var random = new Random(42);
        for (int i = 0; i < 50; i++) {
            Collections.shuffle(all, random);
            assertThat(selector.best(all).orElseThrow().sessionId()).isEqualTo("c");
        }
    }
}
