package io.vpnplane.routing.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vpnplane.routing.address.Ipv4Cidr;

class RouteRulesTest {

    private static final Set<String> CONNECTIONS = Set.of("vco-a", "vco-b", "vco-c");

    // REQ-RT-002
    @Test
    void theDefaultRouteIsRefused() {
        assertThat(code(RouteRules.checkDestination(Ipv4Cidr.DEFAULT_ROUTE))).contains("InvalidParameter.DestinationCidr.DefaultRoute");
    }

    // REQ-RT-003: the range itself, every subnet of it and every supernet containing it.
    @Test
    void theSharedAddressSpaceItsSubnetsAndItsSupernetsAreRefused() {
        for (String cidr : List.of("100.64.0.0/10", "100.64.0.0/11", "100.96.0.0/11", "100.127.255.255/32", "100.100.0.0/16",
                "100.0.0.0/9", "100.0.0.0/8", "96.0.0.0/4", "64.0.0.0/2", "0.0.0.0/1")) {
            var violation = RouteRules.checkDestination(Ipv4Cidr.of(cidr));
            assertThat(code(violation)).as(cidr).contains("InvalidParameter.DestinationCidr.SharedAddressSpace");
            assertThat(violation.orElseThrow().field()).isEqualTo("destinationCidr");
        }
    }

    @Test
    void neighboursOfTheSharedAddressSpaceAreAccepted() {
        for (String cidr : List.of("100.0.0.0/10", "100.128.0.0/9", "100.63.255.255/32", "100.128.0.0/32", "10.0.0.0/8", "192.168.0.0/24")) {
            assertThat(RouteRules.checkDestination(Ipv4Cidr.of(cidr))).as(cidr).isEmpty();
        }
    }

    // REQ-RT-001: the next hop must be an IPsec connection of this gateway.
    @Test
    void aNextHopOutsideTheGatewayIsRefused() {
        var violation = RouteRules.checkNewStatic(List.of(), Ipv4Cidr.of("10.0.0.0/8"), "vco-elsewhere", Weight.ACTIVE, CONNECTIONS);
        assertThat(violation.orElseThrow().code()).isEqualTo("InvalidParameter.NextHop");
        assertThat(violation.orElseThrow().field()).isEqualTo("nextHop");
        assertThat(violation.orElseThrow().kind()).isEqualTo(RouteRuleViolation.Kind.INVALID);
    }

    // REQ-RT-006
    @Test
    void theSameDestinationAndNextHopTwiceIsADuplicate() {
        var existing = List.of(route("r1", "10.0.0.0/8", "vco-a", Weight.ACTIVE));
        for (Weight weight : Weight.values()) {
            var violation = RouteRules.checkNewStatic(existing, Ipv4Cidr.of("10.0.0.0/8"), "vco-a", weight, CONNECTIONS);
            assertThat(violation.orElseThrow().code()).isEqualTo("Conflict.DuplicateRoute");
            assertThat(violation.orElseThrow().kind()).isEqualTo(RouteRuleViolation.Kind.CONFLICT);
        }
    }

    // REQ-RT-005: a pair is one active and one standby with different next hops.
    @Test
    void aDestinationHasAtMostOneActiveAndOneStandby() {
        var existing = List.of(route("r1", "10.0.0.0/8", "vco-a", Weight.ACTIVE));
        assertThat(RouteRules.checkNewStatic(existing, Ipv4Cidr.of("10.0.0.0/8"), "vco-b", Weight.ACTIVE, CONNECTIONS).orElseThrow().code())
                .isEqualTo("Conflict.ActiveExists");
        assertThat(RouteRules.checkNewStatic(existing, Ipv4Cidr.of("10.0.0.0/8"), "vco-b", Weight.STANDBY, CONNECTIONS)).isEmpty();
        var pair = List.of(existing.getFirst(), route("r2", "10.0.0.0/8", "vco-b", Weight.STANDBY));
        assertThat(RouteRules.checkNewStatic(pair, Ipv4Cidr.of("10.0.0.0/8"), "vco-c", Weight.STANDBY, CONNECTIONS).orElseThrow().code())
                .isEqualTo("Conflict.StandbyExists");
        assertThat(RouteRules.checkNewStatic(pair, Ipv4Cidr.of("10.0.0.0/16"), "vco-c", Weight.ACTIVE, CONNECTIONS)).isEmpty();
    }

    // REQ-RT-006: change the active's weight only after deleting the standby, and vice versa.
    @Test
    void weightsOfAPairChangeOnlyAfterThePartnerIsDeleted() {
        RouteEntry active = route("r1", "10.0.0.0/8", "vco-a", Weight.ACTIVE);
        RouteEntry standby = route("r2", "10.0.0.0/8", "vco-b", Weight.STANDBY);
        var pair = List.of(active, standby);

        assertThat(RouteRules.checkWeightChange(pair, active, Weight.STANDBY).orElseThrow().code()).isEqualTo("Conflict.StandbyExists");
        assertThat(RouteRules.checkWeightChange(pair, standby, Weight.ACTIVE).orElseThrow().code()).isEqualTo("Conflict.ActiveExists");
        assertThat(RouteRules.checkWeightChange(List.of(active), active, Weight.STANDBY)).isEmpty();
        assertThat(RouteRules.checkWeightChange(List.of(standby), standby, Weight.ACTIVE)).isEmpty();
        assertThat(RouteRules.checkWeightChange(pair, active, Weight.ACTIVE)).as("unchanged weight").isEmpty();
    }

    @Test
    void systemRoutesAreNotTheUsersToChange() {
        RouteEntry policy = new RouteEntry("r9", Ipv4Cidr.of("172.16.0.0/12"), "vco-a", Weight.ACTIVE, true, RouteSource.POLICY, true,
                Instant.EPOCH);
        assertThat(RouteRules.checkUserManaged(policy).orElseThrow().code()).isEqualTo("Conflict.RouteManagedBySystem");
        assertThat(RouteRules.checkWeightChange(List.of(policy), policy, Weight.STANDBY).orElseThrow().code())
                .isEqualTo("Conflict.RouteManagedBySystem");
        assertThat(RouteRules.checkNewStatic(List.of(policy), Ipv4Cidr.of("172.16.0.0/12"), "vco-a", Weight.ACTIVE, CONNECTIONS))
                .as("a static route beside the connection's own policy route").isEmpty();
    }

    static RouteEntry route(String id, String cidr, String nextHop, Weight weight) {
        return new RouteEntry(id, Ipv4Cidr.of(cidr), nextHop, weight, true, RouteSource.STATIC, true, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static Optional<String> code(Optional<RouteRuleViolation> violation) {
        return violation.map(RouteRuleViolation::code);
    }
}
