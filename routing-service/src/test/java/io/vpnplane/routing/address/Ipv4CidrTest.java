package io.vpnplane.routing.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void parsesCanonicalPrefixes() {
        assertThat(Ipv4Cidr.of("192.168.10.0/24").toString()).isEqualTo("192.168.10.0/24");
        assertThat(Ipv4Cidr.of("0.0.0.0/0")).isEqualTo(Ipv4Cidr.DEFAULT_ROUTE);
        assertThat(Ipv4Cidr.of("255.255.255.255/32").network()).isEqualTo(-1);
    }

    @Test
    void refusesHostBitsNamingTheCanonicalForm() {
        assertThat(Ipv4Cidr.parse("10.0.0.1/24")).isEqualTo(
                new Ipv4Cidr.ParseResult.Refused("'10.0.0.1/24' has host bits set; did you mean 10.0.0.0/24?"));
    }

    @Test
    void refusesMalformedText() {
        for (String bad : new String[] {"", "10.0.0.0", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/", "10.0.0.0/-1",
                "256.0.0.0/8", "010.0.0.0/8", "10.0.0.0/8 ", "a.b.c.d/8", "10..0.0/8", "10.0.0.0.0/8"}) {
            assertThat(Ipv4Cidr.parse(bad)).as(bad).isInstanceOf(Ipv4Cidr.ParseResult.Refused.class);
        }
    }

    @Test
    void containmentAndOverlap() {
        Ipv4Cidr shared = Ipv4Cidr.of("100.64.0.0/10");
        assertThat(shared.contains(Ipv4Cidr.of("100.127.255.0/24"))).isTrue();
        assertThat(shared.contains(Ipv4Cidr.of("100.128.0.0/24"))).isFalse();
        assertThat(Ipv4Cidr.of("100.0.0.0/8").overlaps(shared)).isTrue();
        assertThat(shared.overlaps(Ipv4Cidr.of("100.0.0.0/10"))).isFalse();
        assertThat(shared.contains(Ipv4Address.of("100.100.1.1"))).isTrue();
    }

    @Test
    void addressesRoundTrip() {
        for (String text : new String[] {"0.0.0.0", "10.1.2.3", "255.255.255.255", "169.254.10.1"}) {
            assertThat(Ipv4Address.of(text).toString()).isEqualTo(text);
        }
        assertThat(Ipv4Address.parse("1.2.3")).isEmpty();
        assertThat(Ipv4Address.parse("1.2.3.4.")).isEmpty();
    }
}
