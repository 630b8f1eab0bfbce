package io.vpnplane.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AsnTest {

    @ParameterizedTest // REQ-CGW-002
    @CsvSource({"1, 1", "65530, 65530", "45104, 45104", "4294967295, 4294967295", "1.10, 65546", "0.1, 1",
            "65535.65535, 4294967295"})
    void parsesPlainAndDotted(String text, long value) {
        assertThat(Asn.parse(text)).contains(new Asn(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "4294967296", "65536.0", "1.65536", "-1", "1.", ".1", "AS65001", "", "1.2.3",
            "99999999999"})
    void refusesOutOfRangeOrMalformed(String text) {
        assertThat(Asn.parse(text)).isEmpty();
    }
}
