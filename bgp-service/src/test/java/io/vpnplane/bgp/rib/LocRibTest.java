package io.vpnplane.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.vpnplane.bgp.rib.AdjRibIn.Admission;
import io.vpnplane.bgp.rib.ImportPolicy.RejectionReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocRibTest {

    private static final List<String> DC_PREFIXES = List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24");

    private LocRib rib;

    @BeforeEach
    void sessions() {
        rib = new LocRib();
        rib.addSession("ipsec", AdjRibIn.defaultLimit(PathKind.IPSEC));
        rib.addSession("vbr", AdjRibIn.defaultLimit(PathKind.LEASED_LINE));
    }

    @Test
    void leasedLineWinsThenIpsecTakesOverWhileItIsDownThenLeasedLineAgain() { // REQ-AS-002, REQ-AS-003
        for (var p : DC_PREFIXES) {
            assertThat(rib.announce(Routes.ipsec("ipsec", p).route()).changes())
                    .containsExactly(new BestRouteChange.Selected(Ipv4Prefix.of(p), Routes.ipsec("ipsec", p).route()));
        }
        for (var p : DC_PREFIXES) {
            assertThat(rib.announce(Routes.leasedLine("vbr", p).route()).changes()).singleElement()
                    .isEqualTo(new BestRouteChange.Selected(Ipv4Prefix.of(p), Routes.leasedLine("vbr", p).route()));
        }
        // IPsec re-announcing the same path changes nothing: routing-service hears only real changes
        assertThat(rib.announce(Routes.ipsec("ipsec", "192.168.0.0/24").route()).changes()).isEmpty();

        var down = rib.dropSession("vbr");
        assertThat(down).hasSize(3).allSatisfy(c -> assertThat(((BestRouteChange.Selected) c).best().sessionId()).isEqualTo("ipsec"));
        assertThat(rib.received("vbr")).isEmpty();

        for (var p : DC_PREFIXES) {
            rib.announce(Routes.leasedLine("vbr", p).route());
        }
        assertThat(rib.bestRoutes().values()).extracting(LearnedRoute::sessionId).containsOnly("vbr");
    }

    @Test
    void lastPathGoneRemovesTheBestRoute() {
        rib.announce(Routes.ipsec("ipsec", "10.9.0.0/16").route());
        assertThat(rib.withdraw("ipsec", Ipv4Prefix.of("10.9.0.0/16")))
                .containsExactly(new BestRouteChange.Removed(Ipv4Prefix.of("10.9.0.0/16")));
        assertThat(rib.withdraw("ipsec", Ipv4Prefix.of("10.9.0.0/16"))).isEmpty();
        assertThat(rib.best(Ipv4Prefix.of("10.9.0.0/16"))).isEmpty();
    }

    @Test
    void refusedRoutesNeverBecomeBest() { // REQ-X-002
        var outcome = rib.announce(Routes.ipsec("ipsec", "0.0.0.0/0").route());
        assertThat(outcome.admission()).isEqualTo(new Admission.Rejected(Ipv4Prefix.of("0.0.0.0/0"), RejectionReason.DEFAULT_ROUTE));
        assertThat(outcome.changes()).isEmpty();
        assertThat(rib.bestRoutes()).isEmpty();
    }

    @Test
    void ipsecSessionHoldsFiftyRoutesAndDropsTheRestWithoutLosingAny() { // REQ-X-003
        for (int i = 0; i < 50; i++) {
            assertThat(rib.announce(Routes.ipsec("ipsec", "10.0." + i + ".0/24").route()).admission())
                    .isInstanceOf(Admission.Accepted.class);
        }
        assertThat(rib.announce(Routes.ipsec("ipsec", "10.0.50.0/24").route()).admission())
                .isEqualTo(new Admission.Rejected(Ipv4Prefix.of("10.0.50.0/24"), RejectionReason.ROUTE_LIMIT_EXCEEDED));
        // an update of a held prefix is not a new route
        assertThat(rib.announce(Routes.ipsec("ipsec", "10.0.7.0/24").med(5).route()).admission())
                .isInstanceOf(Admission.Accepted.class);
        assertThat(rib.received("ipsec")).hasSize(50);
        // after a withdrawal there is room again
        rib.withdraw("ipsec", Ipv4Prefix.of("10.0.0.0/24"));
        assertThat(rib.announce(Routes.ipsec("ipsec", "10.0.50.0/24").route()).admission()).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void leasedLinePeerHoldsOneHundredTen() { // REQ-X-003
        for (int i = 0; i < 110; i++) {
            assertThat(rib.announce(Routes.leasedLine("vbr", "10.1." + i + ".0/24").route()).admission())
                    .isInstanceOf(Admission.Accepted.class);
        }
        assertThat(rib.announce(Routes.leasedLine("vbr", "10.1.110.0/24").route()).admission())
                .isInstanceOf(Admission.Rejected.class);
    }
}
