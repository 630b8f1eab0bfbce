package io.vpnplane.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpnplane.agent.healthcheck.IcmpEcho;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForwardingTableTest {

    private static int ip(String text) {
        return Ipv4Header.parseAddress(text);
    }

    @Test
    void longestPrefixWins() {
        ForwardingTable<String> table = ForwardingTable.<String>builder()
                .route(Ipv4Prefix.parse("0.0.0.0/0"), "default")
                .route(Ipv4Prefix.parse("10.0.0.0/8"), "wide")
                .route(Ipv4Prefix.parse("10.1.0.0/16"), "narrow")
                .route(Ipv4Prefix.parse("10.1.2.3/32"), "host")
                .build();
        assertThat(table.longestPrefixMatch(ip("10.1.2.3"))).contains("host");
        assertThat(table.longestPrefixMatch(ip("10.1.2.4"))).contains("narrow");
        assertThat(table.longestPrefixMatch(ip("10.200.0.1"))).contains("wide");
        assertThat(table.longestPrefixMatch(ip("192.168.1.1"))).contains("default");
    }

    @Test
    void noRouteMeansEmpty() {
        ForwardingTable<String> table = ForwardingTable.<String>builder()
                .route(Ipv4Prefix.parse("172.16.0.0/12"), "a").build();
        assertThat(table.longestPrefixMatch(ip("172.32.0.1"))).isEmpty();
        assertThat(ForwardingTable.<String>empty().longestPrefixMatch(ip("1.2.3.4"))).isEmpty();
    }

    @Test
    void agreesWithALinearScanOnRandomRoutes() {
        Random random = new Random(11);
        ForwardingTable.Builder<Integer> builder = ForwardingTable.builder();
        List<Ipv4Prefix> prefixes = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int length = random.nextInt(33);
            Ipv4Prefix prefix = new Ipv4Prefix(random.nextInt() & Ipv4Prefix.mask(length), length);
            prefixes.add(prefix);
            builder.route(prefix, prefix.hashCode());
        }
        ForwardingTable<Integer> table = builder.build();
        for (int i = 0; i < 20_000; i++) {
            int address = i % 2 == 0 ? random.nextInt() : prefixes.get(random.nextInt(prefixes.size())).network() + random.nextInt(4);
            Optional<Integer> expected = prefixes.stream().filter(p -> p.contains(address))
                    .max(java.util.Comparator.comparingInt(Ipv4Prefix::length)).map(Ipv4Prefix::hashCode);
            assertThat(table.longestPrefixMatch(address)).isEqualTo(expected);
        }
    }

    @Test
    void policyRulesWinOverRoutesAndMatchSourceToo() {
        // REQ-X-001: policy-based over destination-based.
        ForwardingTable<String> table = ForwardingTable.<String>builder()
                .route(Ipv4Prefix.parse("172.16.0.0/16"), "route-based")
                .policy(List.of(TrafficSelector.of("192.168.100.0/24")), List.of(TrafficSelector.of("172.16.10.0/24")),
                        "policy-based")
                .build();
        assertThat(table.lookup(ip("192.168.100.7"), ip("172.16.10.1"), 1, 0, 0)).contains("policy-based");
        assertThat(table.lookup(ip("192.168.101.7"), ip("172.16.10.1"), 1, 0, 0)).contains("route-based");
        assertThat(table.lookup(ip("192.168.100.7"), ip("172.16.11.1"), 1, 0, 0)).contains("route-based");
    }

    @Test
    void selectorsWithProtocolAndPortsMatchOnlyThoseFlows() {
        TrafficSelector dns = new TrafficSelector(ip("10.0.0.53"), ip("10.0.0.53"), Ipv4Header.PROTOCOL_UDP, 53, 53);
        ForwardingTable<String> table = ForwardingTable.<String>builder()
                .policy(List.of(TrafficSelector.of("0.0.0.0/0")), List.of(dns), "dns").build();
        assertThat(table.lookup(ip("1.1.1.1"), ip("10.0.0.53"), Ipv4Header.PROTOCOL_UDP, 40000, 53)).contains("dns");
        assertThat(table.lookup(ip("1.1.1.1"), ip("10.0.0.53"), Ipv4Header.PROTOCOL_TCP, 40000, 53)).isEmpty();
        assertThat(table.lookup(ip("1.1.1.1"), ip("10.0.0.53"), Ipv4Header.PROTOCOL_UDP, 40000, 54)).isEmpty();
    }

    @Test
    void looksUpStraightFromPacketBytes() {
        ForwardingTable<String> table = ForwardingTable.<String>builder()
                .route(Ipv4Prefix.parse("172.16.10.0/24"), "t1").build();
        byte[] packet = new byte[64];
        int length = IcmpEcho.writeRequest(packet, 0, ip("192.168.100.1"), ip("172.16.10.1"), 1, 1, 8);
        assertThat(table.lookup(packet, 0, length)).contains("t1");
        packet[0] = 0x60; // IPv6 version nibble: not ours to route
        assertThat(table.lookup(packet, 0, length)).isEmpty();
    }

    @Test
    void prefixesAreValidated() {
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.1/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0/8")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Ipv4Prefix.parse("10.0.0.0/8").lastAddress()).isEqualTo(ip("10.255.255.255"));
    }

    @Test
    void aSwapMovesAPrefixAtomicallyWhileReadersRun() throws Exception {
        // Active/standby switch (REQ-RT-005 via REQ-GW-002): readers only ever see one complete snapshot.
        Ipv4Prefix prefix = Ipv4Prefix.parse("172.16.0.0/16");
        Ipv4Prefix other = Ipv4Prefix.parse("172.17.0.0/16");
        ForwardingTable<String> active = ForwardingTable.<String>builder().route(prefix, "A").route(other, "A").build();
        ForwardingTable<String> standby = ForwardingTable.<String>builder().route(prefix, "B").route(other, "B").build();
        LiveForwardingTable<String> live = new LiveForwardingTable<>(active);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger torn = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                ForwardingTable<String> snapshot = live.current();
                if (!snapshot.longestPrefixMatch(ip("172.16.0.1")).equals(snapshot.longestPrefixMatch(ip("172.17.0.1")))) {
                    torn.incrementAndGet();
                }
            }
        });
        for (int i = 0; i < 10_000; i++) {
            live.replace(i % 2 == 0 ? standby : active);
        }
        running.set(false);
        reader.join();
        assertThat(torn.get()).isZero();
        live.update(t -> t.toBuilder().route(prefix, "C").build());
        assertThat(live.current().longestPrefixMatch(ip("172.16.0.1"))).contains("C");
        assertThat(live.current().longestPrefixMatch(ip("172.17.0.1"))).isPresent();
    }
}
