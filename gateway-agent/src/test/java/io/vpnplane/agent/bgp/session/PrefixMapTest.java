package io.vpnplane.agent.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;

/** The Adj-RIB-In's open-addressing map behaves like a HashMap under any mix of announcements and withdrawals. */
class PrefixMapTest {

    @Test
    void randomAnnouncementsAndWithdrawalsAgreeWithAHashMap() {
        Random random = new Random(42);
        PrefixMap<String> map = new PrefixMap<>();
        Map<Ipv4Prefix, String> expected = new HashMap<>();
        for (int step = 0; step < 60_000; step++) {
            // a small key space, so that removals hit long probe runs and wrap around the table's end
            int length = 16 + random.nextInt(17);
            int address = (10 << 24 | random.nextInt(1 << 12) << 12) & (length == 0 ? 0 : -1 << (32 - length));
            Ipv4Prefix prefix = new Ipv4Prefix(address, length);
            if (random.nextInt(3) == 0) {
                assertThat(map.remove(prefix)).isEqualTo(expected.remove(prefix) != null);
            } else {
                String value = "v" + step;
                map.put(prefix, value);
                expected.put(prefix, value);
            }
            assertThat(map.containsKey(prefix)).isEqualTo(expected.containsKey(prefix));
            assertThat(map.size()).isEqualTo(expected.size());
        }
        Map<Ipv4Prefix, String> contents = new HashMap<>();
        map.forEach(contents::put);
        assertThat(contents).isEqualTo(expected);
        assertThat(map.prefixes()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void aFullTableOfConsecutivePrefixesAndItsWithdrawalLeaveNothingBehind() {
        PrefixMap<String> map = new PrefixMap<>();
        for (int i = 0; i < 100_000; i++) {
            map.put(new Ipv4Prefix(0x64000000 + (i << 8), 24), "route");
        }
        assertThat(map.size()).isEqualTo(100_000);
        assertThat(map.containsKey(Ipv4Prefix.parse("100.0.0.0/24"))).isTrue();
        assertThat(map.containsKey(Ipv4Prefix.parse("100.0.0.0/23"))).isFalse(); // same address, other length
        for (int i = 0; i < 100_000; i++) {
            assertThat(map.remove(new Ipv4Prefix(0x64000000 + (i << 8), 24))).isTrue();
        }
        assertThat(map.isEmpty()).isTrue();
        assertThat(map.prefixes()).isEmpty();
    }

    @Test
    void hostRoutesAndTheDefaultRouteAreKeysLikeAnyOther() {
        PrefixMap<String> map = new PrefixMap<>();
        map.put(Ipv4Prefix.parse("0.0.0.0/0"), "default");
        map.put(Ipv4Prefix.parse("255.255.255.255/32"), "host");
        Map<Ipv4Prefix, String> contents = new HashMap<>();
        map.forEach(contents::put);
        assertThat(contents).containsOnly(Map.entry(Ipv4Prefix.parse("0.0.0.0/0"), "default"),
                Map.entry(Ipv4Prefix.parse("255.255.255.255/32"), "host"));
    }
}
