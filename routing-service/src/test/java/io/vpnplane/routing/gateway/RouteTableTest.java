package io.vpnplane.routing.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.vpnplane.events.routing.ActiveRouteSwitched;
import io.vpnplane.events.routing.RouteEntryAdded;
import io.vpnplane.events.routing.RouteEntryDeleted;
import io.vpnplane.events.routing.RouteEvent;
import io.vpnplane.events.routing.RoutePublishedToVpc;
import io.vpnplane.events.routing.RouteUnpublishedFromVpc;
import io.vpnplane.routing.address.Ipv4Cidr;
import io.vpnplane.routing.selection.LinkState;
import io.vpnplane.routing.table.Weight;

class RouteTableTest {

    private static final Set<String> CONNECTIONS = Set.of("vco-1", "vco-2");
    private static final RouteTable.Cause NOW = RouteTable.Cause.request(Instant.parse("2026-11-22T10:00:00Z"));

    private final Map<String, LinkState> links = new HashMap<>(Map.of("vco-1", LinkState.UP, "vco-2", LinkState.UP));
    private final AtomicInteger ids = new AtomicInteger();

    @Test
    void theFirstEntryOfADestinationIsAnnouncedInEffectAndPublished() {
        var accepted = accepted(RouteTable.empty("vpn-1", Optional.of("vpc-1"))
                .addStatic("r1", Ipv4Cidr.of("10.0.0.0/16"), "vco-1", Weight.ACTIVE, true, true, CONNECTIONS, links::get, NOW));

        assertThat(accepted.events()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("RouteEntryAdded", "RoutePublishedToVpc", "ActiveRouteSwitched");
        var published = (RoutePublishedToVpc) accepted.events().get(1);
        assertThat(published.vpcId()).contains("vpc-1");
        var switched = (ActiveRouteSwitched) accepted.events().get(2);
        assertThat(switched.from()).isEmpty();
        assertThat(switched.to().orElseThrow().routeId()).isEqualTo("r1");
        assertThat(switched.reason()).isEqualTo("ONLY_ENTRY");
    }

    // REQ-RT-005 through the aggregate: a standby added while the active's connection is down takes over at once.
    @Test
    void aStandbyTakesOverWhenTheActiveIsDownAndHandsBackWhenItRecovers() {
        RouteTable table = pair();
        links.put("vco-1", LinkState.DOWN);
        var down = accepted(table.reselect(links::get, NOW));
        var switched = (ActiveRouteSwitched) down.events().getFirst();
        assertThat(switched.from().orElseThrow().nextHop()).isEqualTo("vco-1");
        assertThat(switched.to().orElseThrow().nextHop()).isEqualTo("vco-2");
        assertThat(switched.reason()).isEqualTo("STANDBY_TAKES_OVER");
        assertThat(accepted(down.after().reselect(links::get, NOW)).events()).as("same states again: no switch").isEmpty();

        links.put("vco-1", LinkState.UP);
        var back = (ActiveRouteSwitched) accepted(down.after().reselect(links::get, NOW)).events().getFirst();
        assertThat(back.to().orElseThrow().nextHop()).isEqualTo("vco-1");
        assertThat(back.reason()).isEqualTo("ACTIVE_UP");
    }

    // REQ-RT-008: deleting the destination route unpublishes the same-CIDR policy route from the VPC too.
    @Test
    void deletingAPublishedDestinationRouteUnpublishesTheSameCidrPolicyRoute() {
        RouteTable table = accepted(RouteTable.empty("vpn-1", Optional.empty())
                .addStatic("r1", Ipv4Cidr.of("172.16.0.0/16"), "vco-1", Weight.ACTIVE, true, true, CONNECTIONS, links::get, NOW)).after();
        table = accepted(table.syncConnection("vco-2", true, List.of(Ipv4Cidr.of("172.16.0.0/16")), true,
                () -> "p" + ids.incrementAndGet(), links::get, NOW)).after();
        assertThat(table.entry("p1").orElseThrow().publishedToVpc()).isTrue();

        var deleted = accepted(table.deleteStatic("r1", links::get, NOW));
        assertThat(deleted.events()).filteredOn(RouteUnpublishedFromVpc.class::isInstance)
                .extracting(e -> ((RouteUnpublishedFromVpc) e).routeId() + ":" + ((RouteUnpublishedFromVpc) e).cause())
                .containsExactlyInAnyOrder("p1:DESTINATION_ROUTE_DELETED", "r1:ROUTE_DELETED");
        assertThat(deleted.after().entry("p1").orElseThrow().publishedToVpc()).isFalse();
        assertThat(deleted.after().entry("r1")).isEmpty();
    }

    // REQ-CONN-007: policy-mode remote CIDRs become routes, follow changes, and go with the connection.
    @Test
    void policyRoutesFollowTheConnection() {
        RouteTable table = RouteTable.empty("vpn-1", Optional.empty());
        table = accepted(table.syncConnection("vco-1", true, List.of(Ipv4Cidr.of("192.168.0.0/24"), Ipv4Cidr.of("100.64.0.0/16")),
                true, () -> "p" + ids.incrementAndGet(), links::get, NOW)).after();
        assertThat(table.entries().values()).singleElement().satisfies(e -> assertThat(e.destination()).hasToString("192.168.0.0/24"));

        var unchanged = accepted(table.syncConnection("vco-1", true, List.of(Ipv4Cidr.of("192.168.0.0/24")), true,
                () -> "p" + ids.incrementAndGet(), links::get, NOW));
        assertThat(unchanged.events()).as("replayed connection state").isEmpty();

        var gone = accepted(table.syncConnection("vco-1", false, List.of(), true, () -> "x", links::get, NOW));
        assertThat(gone.events()).filteredOn(RouteEntryDeleted.class::isInstance)
                .extracting(e -> ((RouteEntryDeleted) e).cause()).containsExactly(RouteEntryDeleted.Cause.CONNECTION_REMOVED);
        assertThat(gone.events()).filteredOn(ActiveRouteSwitched.class::isInstance)
                .singleElement().satisfies(e -> assertThat(((ActiveRouteSwitched) e).reason()).isEqualTo("WITHDRAWN"));
        assertThat(gone.after().inEffect()).isEmpty();
    }

    @Test
    void foldingTheEventsGivesTheDecidedTable() {
        RouteTable table = pair();
        RouteTable replayed = RouteTable.empty("vpn-1", Optional.of("vpc-1"));
        List<RouteEvent> all = new java.util.ArrayList<>();
        all.addAll(accepted(RouteTable.empty("vpn-1", Optional.of("vpc-1"))
                .addStatic("r1", Ipv4Cidr.of("10.0.0.0/16"), "vco-1", Weight.ACTIVE, true, true, CONNECTIONS, links::get, NOW)).events());
        assertThat(all.getFirst()).isInstanceOf(RouteEntryAdded.class);
        replayed = replayed.evolve(all);
        replayed = accepted(replayed.addStatic("r2", Ipv4Cidr.of("10.0.0.0/16"), "vco-2", Weight.STANDBY, false, true, CONNECTIONS,
                links::get, NOW)).after();
        assertThat(replayed).isEqualTo(table);
    }

    private RouteTable pair() {
        RouteTable table = accepted(RouteTable.empty("vpn-1", Optional.of("vpc-1"))
                .addStatic("r1", Ipv4Cidr.of("10.0.0.0/16"), "vco-1", Weight.ACTIVE, true, true, CONNECTIONS, links::get, NOW)).after();
        var standby = accepted(table.addStatic("r2", Ipv4Cidr.of("10.0.0.0/16"), "vco-2", Weight.STANDBY, false, true, CONNECTIONS,
                links::get, NOW));
        assertThat(standby.events()).as("active up: adding the standby switches nothing").hasSize(1);
        return standby.after();
    }

    private static RouteTable.Decision.Accepted accepted(RouteTable.Decision decision) {
        assertThat(decision).isInstanceOf(RouteTable.Decision.Accepted.class);
        return (RouteTable.Decision.Accepted) decision;
    }
}
