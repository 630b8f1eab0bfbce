package io.vpnplane.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The {@code ip} commands for a change of leased-line routes (the kernel side runs in the e2e scenario). */
class NextHopRoutesTest {

    private static final Ipv4Prefix A = Ipv4Prefix.parse("192.168.0.0/24");
    private static final Ipv4Prefix B = Ipv4Prefix.parse("192.168.1.0/24");

    @Test
    void onlyWhatChangedIsTouchedWithOurMetricAndProtocol() {
        NextHopRoutes.Changes changes = NextHopRoutes.changes(Map.of(A, "172.30.0.2", B, "172.30.0.2"), Map.of(B, "172.30.0.2"));

        assertThat(changes.deletions()).containsExactly("route del 192.168.0.0/24 via 172.30.0.2 metric 50 proto 240");
        assertThat(changes.additions()).isEmpty();
    }

    @Test
    void aNewNextHopIsAReplacementAfterTheOldOneIsDeleted() {
        NextHopRoutes.Changes changes = NextHopRoutes.changes(Map.of(A, "172.30.0.2"), Map.of(A, "172.30.1.2"));

        assertThat(changes.deletions()).containsExactly("route del 192.168.0.0/24 via 172.30.0.2 metric 50 proto 240");
        assertThat(changes.additions()).containsExactly("route replace 192.168.0.0/24 via 172.30.1.2 metric 50 proto 240");
    }
}
