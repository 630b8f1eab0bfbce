package io.vpnplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 scenario 1 and issue #8's BGP over a real IPsec tunnel, every component in its own process
 * ({@link LeasedLineScenario}): the leased line carries the traffic while it is up (REQ-AS-002), the IPsec tunnel
 * when it is cut, and the leased line again when it is back (REQ-AS-003).
 */
@Tag("interop")
class LeasedLineFailoverEndToEndTest {

    /** Generous: the hold time is 3 s; the rest is the event pipeline and, back, FRR's reconnect (1 s) and first UPDATE. */
    private static final Duration SWITCH = Duration.ofSeconds(30);

    @Test
    void trafficLeavesTheLeasedLineWhenItIsCutAndComesBackWhenItIsRestored() throws Exception {
        assumeTrue(LeasedLineScenario.runnable(),
                "needs root, strongSwan, FRR, tcpdump and the runnable jars (./vpnplane test runs mvn verify)");
        try (LocalSuite suite = LeasedLineScenario.start()) {
            LeasedLineScenario.Result result = LeasedLineScenario.run(suite);
            System.out.printf("e2e: BGP over IPsec up %d ms after the tunnels; leased line cut -> IPsec in %d ms; restored ->"
                    + " leased line in %d ms%n", result.bgpOverIpsecUp().toMillis(), result.leasedToIpsec().toMillis(),
                    result.ipsecToLeased().toMillis());
            assertThat(result.leasedToIpsec()).isPositive().isLessThan(SWITCH);
            assertThat(result.ipsecToLeased()).isPositive().isLessThan(SWITCH);
        }
    }
}
