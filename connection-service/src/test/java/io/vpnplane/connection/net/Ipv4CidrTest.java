package io.vpnplane.connection.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void parsesCanonicalBlocksOnly() {
        assertThat(Ipv4Cidr.parse("10.0.0.0/8")).map(Ipv4Cidr::toString).contains("10.0.0.0/8");
        assertThat(Ipv4Cidr.parse("169.254.10.0/30")).isPresent();
        assertThat(Ipv4Cidr.parse("0.0.0.0/0")).isPresent();
        assertThat(Ipv4Cidr.parse("10.0.0.1/8")).isEmpty();
        assertThat(Ipv4Cidr.parse("10.0.0.0/33")).isEmpty();
        assertThat(Ipv4Cidr.parse("10.0.0.0")).isEmpty();
        assertThat(Ipv4Cidr.parse("10.0.0.0/")).isEmpty();
        assertThat(Ipv4Cidr.parse("10.0.0.256/32")).isEmpty();
        assertThat(Ipv4Cidr.parse("010.0.0.0/8")).isEmpty();
    }

    @Test
    void hostAddressesExcludeNetworkAndBroadcast() {
        Ipv4Cidr cidr = Ipv4Cidr.of("169.254.10.0/30");
        assertThat(cidr.isHostAddress(Ipv4Address.of("169.254.10.1"))).isTrue();
        assertThat(cidr.isHostAddress(Ipv4Address.of("169.254.10.2"))).isTrue();
        assertThat(cidr.isHostAddress(Ipv4Address.of("169.254.10.0"))).isFalse();
        assertThat(cidr.isHostAddress(Ipv4Address.of("169.254.10.3"))).isFalse();
        assertThat(cidr.isHostAddress(Ipv4Address.of("169.254.10.5"))).isFalse();
    }

    @Test
    void containment() {
        assertThat(Ipv4Cidr.of("169.254.0.0/16").contains(Ipv4Cidr.of("169.254.10.0/30"))).isTrue();
        assertThat(Ipv4Cidr.of("169.254.10.0/30").contains(Ipv4Cidr.of("169.254.0.0/16"))).isFalse();
        assertThat(Ipv4Cidr.of("10.0.0.0/8").overlaps(Ipv4Cidr.of("10.1.0.0/16"))).isTrue();
        assertThat(Ipv4Cidr.of("10.0.0.0/8").overlaps(Ipv4Cidr.of("11.0.0.0/8"))).isFalse();
    }
}
