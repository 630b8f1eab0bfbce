package io.vpnplane.agent.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warm-up really runs the receive path: every announced prefix arrives, in every round. */
class SessionWarmUpTest {

    @Test
    void everyPrefixOfEveryRoundIsReceived() {
        assertThat(SessionWarmUp.run(3_000, 2)).isEqualTo(6_000);
    }
}
