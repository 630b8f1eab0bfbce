package io.vpnplane.routing.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vpnplane.routing.address.Ipv4Cidr;
import io.vpnplane.routing.table.RouteEntry;
import io.vpnplane.routing.table.RouteSource;
import io.vpnplane.routing.table.Weight;

class ActiveStandbySelectorTest {

    private static final RouteEntry ACTIVE = entry("r-active", "vco-1", Weight.ACTIVE, 2);
    private static final RouteEntry STANDBY = entry("r-standby", "vco-2", Weight.STANDBY, 1);

    // REQ-RT-005, all four combinations of the two connections' states, in both list orders.
    @Test
    void theThreeRulesOverEveryCombination() {
        record Case(LinkState active, LinkState standby, RouteEntry expected, SelectionReason reason) {
        }
        List<Case> cases = List.of(
                new Case(LinkState.UP, LinkState.UP, ACTIVE, SelectionReason.ACTIVE_UP),
                new Case(LinkState.UP, LinkState.DOWN, ACTIVE, SelectionReason.ACTIVE_UP),
                new Case(LinkState.DOWN, LinkState.UP, STANDBY, SelectionReason.STANDBY_TAKES_OVER),
                new Case(LinkState.DOWN, LinkState.DOWN, ACTIVE, SelectionReason.BOTH_DOWN_ACTIVE_KEPT));
        for (Case c : cases) {
            Map<String, LinkState> links = Map.of("vco-1", c.active(), "vco-2", c.standby());
            for (List<RouteEntry> order : List.of(List.of(ACTIVE, STANDBY), List.of(STANDBY, ACTIVE))) {
                var selection = ActiveStandbySelector.select(order, links::get);
                assertThat(selection.entry()).as(c.toString()).isEqualTo(c.expected());
                assertThat(selection.reason()).as(c.toString()).isEqualTo(c.reason());
            }
        }
    }

    @Test
    void aLoneEntryIsUsedWhateverItsConnectionsState() {
        for (LinkState state : LinkState.values()) {
            for (RouteEntry lone : List.of(ACTIVE, STANDBY)) {
                var selection = ActiveStandbySelector.select(List.of(lone), id -> state);
                assertThat(selection.entry()).isEqualTo(lone);
                assertThat(selection.reason()).isEqualTo(SelectionReason.ONLY_ENTRY);
            }
        }
    }

    @Test
    void equalWeightSystemRoutesAreTriedOldestFirst() {
        RouteEntry older = entry("r-old", "vco-1", Weight.ACTIVE, 1);
        RouteEntry newer = entry("r-new", "vco-2", Weight.ACTIVE, 2);
        Map<String, LinkState> bothUp = Map.of("vco-1", LinkState.UP, "vco-2", LinkState.UP);
        assertThat(ActiveStandbySelector.select(List.of(newer, older), bothUp::get).entry()).isEqualTo(older);
        Map<String, LinkState> olderDown = Map.of("vco-1", LinkState.DOWN, "vco-2", LinkState.UP);
        assertThat(ActiveStandbySelector.select(List.of(newer, older), olderDown::get).entry()).isEqualTo(newer);
    }

    // REQ-RT-005 "up" = negotiated AND health check passing; REQ-TUN-011 switchRoute=false keeps a failing tunnel in use.
    @Test
    void aConnectionIsUpWhenATunnelIsNegotiatedAndItsHealthCheckCounts() {
        var upHealthy = new LinkState.TunnelObservation(true, false, true);
        var upFailing = new LinkState.TunnelObservation(true, true, true);
        var upFailingReserve = new LinkState.TunnelObservation(true, true, false);
        var notNegotiated = new LinkState.TunnelObservation(false, false, true);

        assertThat(LinkState.ofTunnels(List.of(upHealthy))).isEqualTo(LinkState.UP);
        assertThat(LinkState.ofTunnels(List.of(upFailing))).isEqualTo(LinkState.DOWN);
        assertThat(LinkState.ofTunnels(List.of(upFailingReserve))).isEqualTo(LinkState.UP);
        assertThat(LinkState.ofTunnels(List.of(notNegotiated))).isEqualTo(LinkState.DOWN);
        assertThat(LinkState.ofTunnels(List.of())).as("never reported").isEqualTo(LinkState.DOWN);
        assertThat(LinkState.ofTunnels(List.of(upFailing, upHealthy))).as("dual tunnel, one carries").isEqualTo(LinkState.UP);
    }

    // REQ-X-001 policy > destination (static) > BGP, then REQ-RT-004 longest prefix within the source.
    @Test
    void lookupsTrySourcesInPriorityOrderThenTheLongestPrefix() {
        RouteEntry bgpLonger = new RouteEntry("r-bgp", Ipv4Cidr.of("192.168.1.0/24"), "vco-3", Weight.ACTIVE, true, RouteSource.BGP, true,
                Instant.EPOCH);
        RouteEntry staticShorter = new RouteEntry("r-static", Ipv4Cidr.of("192.168.0.0/16"), "vco-1", Weight.ACTIVE, true,
                RouteSource.STATIC, true, Instant.EPOCH);
        RouteEntry policy = new RouteEntry("r-policy", Ipv4Cidr.of("192.168.1.128/25"), "vco-2", Weight.ACTIVE, true, RouteSource.POLICY,
                true, Instant.EPOCH);
        var table = EffectiveRouteTable.compute(List.of(bgpLonger, staticShorter, policy), id -> LinkState.UP);

        assertThat(table.lookup(io.vpnplane.routing.address.Ipv4Address.of("192.168.1.200")).orElseThrow().route().entry()).isEqualTo(policy);
        var viaStatic = table.lookup(io.vpnplane.routing.address.Ipv4Address.of("192.168.1.5")).orElseThrow();
        assertThat(viaStatic.route().entry()).isEqualTo(staticShorter);
        assertThat(viaStatic.sourcesWithoutMatch()).containsExactly(RouteSource.POLICY);
        assertThat(table.lookup(io.vpnplane.routing.address.Ipv4Address.of("10.0.0.1"))).isEmpty();
    }

    @Test
    void changesNameTheEntriesThatStartedAndStoppedBeingInEffect() {
        Map<String, LinkState> activeUp = Map.of("vco-1", LinkState.UP, "vco-2", LinkState.UP);
        Map<String, LinkState> activeDown = Map.of("vco-1", LinkState.DOWN, "vco-2", LinkState.UP);
        var before = EffectiveRouteTable.compute(List.of(ACTIVE, STANDBY), activeUp::get);
        var after = EffectiveRouteTable.compute(List.of(ACTIVE, STANDBY), activeDown::get);

        var changes = after.changesSince(before.inEffect());
        assertThat(changes).hasSize(1);
        assertThat(changes.getFirst().from()).contains(InEffect.of(ACTIVE));
        assertThat(changes.getFirst().to().orElseThrow().entry()).isEqualTo(STANDBY);
        assertThat(changes.getFirst().to().orElseThrow().reason()).isEqualTo(SelectionReason.STANDBY_TAKES_OVER);
        assertThat(after.changesSince(after.inEffect())).as("the same observations again").isEmpty();

        var withdrawn = EffectiveRouteTable.compute(List.of(), activeUp::get).changesSince(before.inEffect());
        assertThat(withdrawn).singleElement().satisfies(c -> assertThat(c.to()).isEmpty());
    }

    private static RouteEntry entry(String id, String nextHop, Weight weight, int createdSecond) {
        return new RouteEntry(id, Ipv4Cidr.of("10.20.0.0/16"), nextHop, weight, true, RouteSource.STATIC, true,
                Instant.ofEpochSecond(createdSecond));
    }
}
