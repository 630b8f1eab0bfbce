package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.agent.dataplane.Ipv4Prefix;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.standalone.StandaloneConfig;
import io.vpnplane.events.routing.ActiveRouteCleared;
import io.vpnplane.events.routing.ActiveRouteInEffect;
import io.vpnplane.events.routing.ActiveRouteState;
import io.vpnplane.events.routing.RouteRef;
import io.vpnplane.events.routing.RouteSource;

/** Which of a node's tunnels carry which prefixes, from routing-service's active routes (REQ-RT-005, REQ-X-001). */
class ConnectionRoutesTest {

    @Test
    void aDestinationGoesToTheNodesTunnelsOfItsConnectionAndOtherNodesDestinationsAreLeftOut() throws Exception {
        Map<Ipv4Prefix, String> active = Map.of(
                Ipv4Prefix.parse("192.168.1.0/24"), "conn-a",
                Ipv4Prefix.parse("192.168.2.0/24"), "conn-elsewhere");
        Map<Ipv4Prefix, List<String>> plan = ConnectionRoutes.plan(active, List.of(
                tunnel("t-a2", "conn-a", Optional.empty()), tunnel("t-a1", "conn-a", Optional.empty())));

        assertThat(plan).containsOnlyKeys(Ipv4Prefix.parse("192.168.1.0/24"));
        assertThat(plan.get(Ipv4Prefix.parse("192.168.1.0/24"))).containsExactlyInAnyOrder("t-a1", "t-a2");
    }

    @Test
    void aBgpTunnelsInsideSlash30AlwaysGoesToThatTunnel() throws Exception {
        Map<Ipv4Prefix, List<String>> plan = ConnectionRoutes.plan(Map.of(), List.of(tunnel("t-bgp", "conn-b",
                Optional.of(new ManagedTunnel.InsideAddress("169.254.10.1", "169.254.10.0/30")))));

        assertThat(plan).containsExactly(Map.entry(Ipv4Prefix.parse("169.254.10.0/30"), List.of("t-bgp")));
    }

    @Test
    void theStandbyTakingOverMovesTheDestinationAndAWithdrawalRemovesIt() {
        Map<RouteFollower.Destination, String> inEffect = new HashMap<>();
        RouteFollower.Destination destination = new RouteFollower.Destination("vgw-1", RouteSource.STATIC, "10.20.0.0/16");
        inEffect.put(destination, "conn-active");
        assertThat(RouteFollower.effective(inEffect.entrySet())).containsExactly(Map.entry(Ipv4Prefix.parse("10.20.0.0/16"), "conn-active"));

        inEffect.put(destination, "conn-standby");
        assertThat(RouteFollower.effective(inEffect.entrySet())).containsExactly(Map.entry(Ipv4Prefix.parse("10.20.0.0/16"), "conn-standby"));
    }

    @Test
    void policyBeatsStaticAndStaticBeatsBgpForTheSameDestination() {
        Map<RouteFollower.Destination, String> inEffect = new HashMap<>();
        inEffect.put(new RouteFollower.Destination("vgw-1", RouteSource.BGP, "10.20.0.0/16"), "conn-bgp");
        inEffect.put(new RouteFollower.Destination("vgw-1", RouteSource.STATIC, "10.20.0.0/16"), "conn-static");
        assertThat(RouteFollower.effective(inEffect.entrySet())).containsEntry(Ipv4Prefix.parse("10.20.0.0/16"), "conn-static");

        inEffect.put(new RouteFollower.Destination("vgw-1", RouteSource.POLICY, "10.20.0.0/16"), "conn-policy");
        assertThat(RouteFollower.effective(inEffect.entrySet())).containsEntry(Ipv4Prefix.parse("10.20.0.0/16"), "conn-policy");
    }

    @Test
    void routesInEffectAreFoldedInOrderATombstoneClearsItsDestinationAndAnIpv6DestinationIsIgnored() {
        RouteFollower follower = new RouteFollower(new org.apache.kafka.clients.consumer.MockConsumer<>("earliest"), routes -> {
        });
        follower.apply(key("10.20.0.0/16"), inEffect("10.20.0.0/16", "conn-standby"));
        follower.apply(key("10.20.0.0/16"), inEffect("10.20.0.0/16", "conn-active"));
        follower.apply(key("2001:db8::/32"), inEffect("2001:db8::/32", "conn-active"));
        follower.apply(key("10.30.0.0/16"), inEffect("10.30.0.0/16", "conn-active"));
        follower.apply(key("10.40.0.0/16"), inEffect("10.40.0.0/16", "conn-active"));
        assertThat(follower.effectiveNow()).containsEntry(Ipv4Prefix.parse("10.20.0.0/16"), "conn-active");

        follower.fold(key("10.20.0.0/16"), Optional.empty()); // the tombstone of a cleared destination: key only
        follower.apply(key("10.40.0.0/16"), new ActiveRouteCleared("vgw-1", RouteSource.STATIC, "10.40.0.0/16", Instant.now()));

        assertThat(follower.effectiveNow()).containsExactly(Map.entry(Ipv4Prefix.parse("10.30.0.0/16"), "conn-active"));
    }

    private static String key(String cidr) {
        return ActiveRouteState.keyOf("vgw-1", RouteSource.STATIC, cidr);
    }

    private static ActiveRouteInEffect inEffect(String cidr, String connection) {
        return new ActiveRouteInEffect("vgw-1", RouteSource.STATIC, cidr, new RouteRef("route-" + cidr, connection, 100), "ONLY_ENTRY",
                Instant.now());
    }

    static ManagedTunnel tunnel(String id, String connection, Optional<ManagedTunnel.InsideAddress> inside) throws Exception {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putArray("tunnels").addObject().put("id", id).put("localAddress", "203.0.113.10")
                .put("remoteAddress", "198.51.100.7").put("psk", "route-test-psk");
        TunnelConfig config = StandaloneConfig.parse(root).tunnels().getFirst();
        return new ManagedTunnel("acc-1", connection, 1, config, Optional.empty(), Optional.empty(), inside);
    }
}
