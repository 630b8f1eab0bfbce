package io.vpnplane.tunnel.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TunnelPlacerTest {

    private final TunnelPlacer placer = new TunnelPlacer();

    private static NodeLoad node(String id, String zone, int capacity, int placed, String... addresses) {
        return new NodeLoad(id, zone, List.of(addresses), capacity, placed);
    }

    @Test
    void theSecondTunnelOfADualConnectionGoesToAnotherZone() {
        // REQ-TUN-013
        List<NodeLoad> nodes = List.of(node("a1", "zone-a", 10, 0, "203.0.113.10"), node("a2", "zone-a", 10, 0, "203.0.113.11"),
                node("b1", "zone-b", 10, 5, "198.51.100.10"));

        Placement first = placer.place(PlacementRequest.first("t1", Set.of()), nodes, Set.of());
        Placement second = placer.place(PlacementRequest.first("t2", Set.of("zone-a")), nodes, Set.of("203.0.113.10"));

        assertThat(first).isEqualTo(new Placement.Placed("a1", "zone-a", "203.0.113.10"));
        assertThat(second).isEqualTo(new Placement.Placed("b1", "zone-b", "198.51.100.10"));
    }

    @Test
    void waitsWithAReasonWhenNoOtherZoneIsAvailable() {
        // REQ-TUN-013: never both tunnels in one zone; the second waits, visibly
        List<NodeLoad> nodes = List.of(node("a1", "zone-a", 10, 1, "203.0.113.10", "203.0.113.11"));

        Placement second = placer.place(PlacementRequest.first("t2", Set.of("zone-a")), nodes, Set.of("203.0.113.10"));

        assertThat(second).isInstanceOfSatisfying(Placement.Pending.class,
                p -> assertThat(p.reason()).contains("zone other than zone-a"));
    }

    @Test
    void pendingReasonsNameWhatIsMissing() {
        assertThat(placer.place(PlacementRequest.first("t", Set.of()), List.of(), Set.of()))
                .isEqualTo(new Placement.Pending("no healthy gateway node"));
        assertThat(placer.place(PlacementRequest.first("t", Set.of()), List.of(node("a1", "zone-a", 1, 1, "203.0.113.1")), Set.of()))
                .isEqualTo(new Placement.Pending("no eligible gateway node has free capacity"));
        assertThat(placer.place(PlacementRequest.first("t", Set.of()), List.of(node("a1", "zone-a", 5, 1, "203.0.113.1")),
                Set.of("203.0.113.1")))
                .isEqualTo(new Placement.Pending("no free gateway IP on the eligible gateway nodes"));
    }

    @Test
    void prefersTheLeastUtilisedNodeAndTheLowestFreeAddress() {
        List<NodeLoad> nodes = List.of(node("a1", "zone-a", 10, 8, "203.0.113.1"),
                node("a2", "zone-a", 10, 2, "203.0.113.30", "203.0.113.4", "203.0.113.20"));

        assertThat(placer.place(PlacementRequest.first("t", Set.of()), nodes, Set.of("203.0.113.4")))
                .isEqualTo(new Placement.Placed("a2", "zone-a", "203.0.113.20"));
    }

    @Test
    void aMovingTunnelStaysInItsZoneAndKeepsItsGatewayIpWherePossible() {
        // node a1 went down: the tunnel moves to a node of zone-a that serves the same floating address
        List<NodeLoad> nodes = List.of(node("b1", "zone-b", 10, 0, "198.51.100.1"),
                node("a2", "zone-a", 10, 9, "203.0.113.2"),
                node("a3", "zone-a", 10, 9, "203.0.113.1", "203.0.113.2"));
        PlacementRequest move = new PlacementRequest("t", Set.of(), Set.of("a1"), Optional.of("zone-a"), Optional.of("203.0.113.1"));

        assertThat(placer.place(move, nodes, Set.of())).isEqualTo(new Placement.Placed("a3", "zone-a", "203.0.113.1"));
    }

    @Test
    void aMovingTunnelGetsANewAddressWhenItsOwnCannotFollow() {
        List<NodeLoad> nodes = List.of(node("a2", "zone-a", 10, 0, "203.0.113.2", "203.0.113.1"));
        PlacementRequest move = new PlacementRequest("t", Set.of(), Set.of("a1"), Optional.of("zone-a"), Optional.of("203.0.113.1"));

        assertThat(placer.place(move, nodes, Set.of("203.0.113.1"))).isEqualTo(new Placement.Placed("a2", "zone-a", "203.0.113.2"));
    }

    @Test
    void aMovingTunnelLeavesItsZoneOnlyWhenItHasNoOtherNodeButNeverIntoItsSiblingsZone() {
        List<NodeLoad> nodes = List.of(node("b1", "zone-b", 10, 0, "198.51.100.1"), node("c1", "zone-c", 10, 3, "192.0.2.1"));
        PlacementRequest move = new PlacementRequest("t", Set.of("zone-b"), Set.of("a1"), Optional.of("zone-a"), Optional.of("203.0.113.1"));

        assertThat(placer.place(move, nodes, Set.of())).isEqualTo(new Placement.Placed("c1", "zone-c", "192.0.2.1"));
    }
}
