package io.vpnplane.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.bgp.rib.ImportPolicy.RejectionReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImportPolicyTest {

    private final ImportPolicy policy = new ImportPolicy();

    @ParameterizedTest // REQ-X-002
    @CsvSource({
            "0.0.0.0/0, DEFAULT_ROUTE",
            "100.64.0.0/10, RESERVED_RANGE",
            "100.64.1.0/24, RESERVED_RANGE",
            "100.127.255.255/32, RESERVED_RANGE",
            "100.0.0.0/8, RESERVED_RANGE",
            "64.0.0.0/2, RESERVED_RANGE",
            "0.0.0.0/1, RESERVED_RANGE"})
    void refuses(String prefix, RejectionReason reason) {
        assertThat(policy.check(Ipv4Prefix.of(prefix))).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.0.0/24", "100.63.255.0/24", "100.128.0.0/16", "10.0.0.0/8", "128.0.0.0/1"})
    void accepts(String prefix) {
        assertThat(policy.check(Ipv4Prefix.of(prefix))).isEmpty();
    }
}
