package io.vpnplane.connection.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsnTest {

    @Test
    void plainAsnsFromOneTo2Pow32MinusOne() {
        // REQ-CGW-002, REQ-CONN-009: range 1-4294967295
        assertThat(Asn.parse("1")).contains(new Asn(1));
        assertThat(Asn.parse("4294967295")).contains(new Asn(4_294_967_295L));
        assertThat(Asn.parse("0")).isEmpty();
        assertThat(Asn.parse("4294967296")).isEmpty();
        assertThat(Asn.parse("99999999999")).isEmpty();
        assertThat(Asn.parse("-5")).isEmpty();
        assertThat(Asn.parse("")).isEmpty();
        assertThat(Asn.parse("65 000")).isEmpty();
    }

    @Test
    void dottedFormIsHighTimes65536PlusLow() {
        // REQ-CGW-002: "123.456" = 123*65536+456 = 8061384 (the seed's own example)
        assertThat(Asn.parse("123.456")).contains(new Asn(8_061_384));
        assertThat(Asn.parse("0.65535")).contains(new Asn(65_535));
        assertThat(Asn.parse("65535.65535")).contains(new Asn(4_294_967_295L));
        assertThat(Asn.parse("0.0")).isEmpty();
        assertThat(Asn.parse("65536.1")).isEmpty();
        assertThat(Asn.parse("1.65536")).isEmpty();
        assertThat(Asn.parse("1.")).isEmpty();
        assertThat(Asn.parse(".1")).isEmpty();
        assertThat(Asn.parse("1.2.3")).isEmpty();
    }

    @Test
    void privateRangesOfRfc6996() {
        // REQ-CONN-009: private ASNs are the recommended ones
        assertThat(new Asn(64_512).isPrivate()).isTrue();
        assertThat(new Asn(65_534).isPrivate()).isTrue();
        assertThat(new Asn(4_200_000_000L).isPrivate()).isTrue();
        assertThat(new Asn(45_104).isPrivate()).isFalse();
        assertThat(new Asn(65_535).isPrivate()).isFalse();
    }
}
