package io.vpnplane.routing.lpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.vpnplane.routing.address.Ipv4Address;
import io.vpnplane.routing.address.Ipv4Cidr;

class PrefixTableTest {

    // REQ-RT-004: the seed's example — 10.10.10.x matches 10.0.0.0/8 and 10.10.0.0/16; the /16 wins.
    @Test
    void longestPrefixWinsAsInTheSeedExample() {
        Map<Ipv4Cidr, String> routes = Map.of(
                Ipv4Cidr.of("10.0.0.0/8"), "route 1 via connection 1",
                Ipv4Cidr.of("10.10.0.0/16"), "route 2 via connection 2");
        PrefixTable<String> table = PrefixTable.of(routes);

        var match = table.lookup(Ipv4Address.of("10.10.10.7")).orElseThrow();
        assertThat(match.prefix()).isEqualTo(Ipv4Cidr.of("10.10.0.0/16"));
        assertThat(match.value()).isEqualTo("route 2 via connection 2");
        assertThat(table.lookup(Ipv4Address.of("10.11.0.1")).orElseThrow().value()).isEqualTo("route 1 via connection 1");
        assertThat(table.lookup(Ipv4Address.of("11.0.0.1"))).isEmpty();
    }

    @Test
    void everyLevelBoundaryAndHostRoutes() {
        Map<Ipv4Cidr, String> routes = new LinkedHashMap<>();
        routes.put(Ipv4Cidr.of("192.168.0.0/16"), "16");
        routes.put(Ipv4Cidr.of("192.168.1.0/24"), "24");
        routes.put(Ipv4Cidr.of("192.168.1.128/25"), "25");
        routes.put(Ipv4Cidr.of("192.168.1.129/32"), "32");
        routes.put(Ipv4Cidr.of("192.160.0.0/12"), "12");
        PrefixTable<String> table = PrefixTable.of(routes);

        assertThat(value(table, "192.168.1.129")).isEqualTo("32");
        assertThat(value(table, "192.168.1.130")).isEqualTo("25");
        assertThat(value(table, "192.168.1.255")).isEqualTo("25");
        assertThat(value(table, "192.168.1.127")).isEqualTo("24");
        assertThat(value(table, "192.168.2.0")).isEqualTo("16");
        assertThat(value(table, "192.169.0.1")).isEqualTo("12");
        assertThat(value(table, "192.175.255.255")).isEqualTo("12");
        assertThat(table.lookup(Ipv4Address.of("192.176.0.0"))).isEmpty();
    }

    @Test
    void aDefaultRouteCatchesEverythingWithoutALongerMatch() {
        PrefixTable<String> table = PrefixTable.of(Map.of(Ipv4Cidr.DEFAULT_ROUTE, "default", Ipv4Cidr.of("1.2.3.4/32"), "host"));
        assertThat(value(table, "1.2.3.4")).isEqualTo("host");
        assertThat(value(table, "1.2.3.5")).isEqualTo("default");
        assertThat(value(table, "255.255.255.255")).isEqualTo("default");
    }

    @Test
    void anEmptyTableMatchesNothing() {
        assertThat(PrefixTable.<String>empty().indexOf(0x0a000001)).isEqualTo(-1);
        assertThat(PrefixTable.<String>empty().cellBytes()).isEqualTo(1024);
    }

    @Test
    void agreesWithTheReferenceOnRandomTablesAndAddresses() {
        SplittableRandom random = new SplittableRandom(20261122);
        for (int round = 0; round < 20; round++) {
            int size = 1 + random.nextInt(round < 10 ? 50 : 20_000);
            Map<Ipv4Cidr, Integer> routes = RandomPrefixes.generate(size, random);
            PrefixTable<Integer> fast = PrefixTable.of(routes);
            ReferencePrefixTable<Integer> reference = new ReferencePrefixTable<>(routes);
            Ipv4Cidr[] keys = routes.keySet().toArray(Ipv4Cidr[]::new);
            for (int i = 0; i < 20_000; i++) {
                // Half the probes land inside a known prefix, so matches (not just misses) are compared.
                int address = random.nextBoolean() ? random.nextInt()
                        : keys[random.nextInt(keys.length)].network() | (random.nextInt() & ~keys[random.nextInt(keys.length)].mask());
                int index = fast.indexOf(address);
                assertThat(index < 0 ? null : fast.valueAt(index))
                        .as("lookup of %s in round %d", new Ipv4Address(address), round)
                        .isEqualTo(reference.lookup(address).orElse(null));
            }
        }
    }

    private static String value(PrefixTable<String> table, String address) {
        return table.lookup(Ipv4Address.of(address)).orElseThrow().value();
    }
}
