package io.vpnplane.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4PrefixTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "10.0.0.0/8", "192.168.1.0/24", "255.255.255.255/32"})
    void roundTrips(String text) {
        assertThat(Ipv4Prefix.of(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/8", "256.0.0.0/8", "10.0.0.0/33", "10.0.0/8", "10.0.0.0", "", "a.b.c.d/1"})
    void rejectsMalformedOrNonCanonical(String text) {
        assertThat(Ipv4Prefix.parse(text)).isEmpty();
    }

    @Test
    void overlapMeansContainment() {
        assertThat(Ipv4Prefix.of("10.0.0.0/8").overlaps(Ipv4Prefix.of("10.1.0.0/16"))).isTrue();
        assertThat(Ipv4Prefix.of("10.1.0.0/16").overlaps(Ipv4Prefix.of("10.0.0.0/8"))).isTrue();
        assertThat(Ipv4Prefix.of("10.1.0.0/16").overlaps(Ipv4Prefix.of("10.2.0.0/16"))).isFalse();
    }
}
