package io.vpnplane.agent.managed;

import static io.vpnplane.agent.managed.DesiredConfigs.desired;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DesiredTunnelsTest {

    private final DesiredTunnels mine = new DesiredTunnels("gw-a-1");

    @Test
    void keepsOnlyTheTunnelsPlacedOnThisNodeAtTheirLatestVersion() {
        mine.apply("t1", Optional.of(desired("t1", "gw-a-1", 1)));
        mine.apply("t2", Optional.of(desired("t2", "gw-b-1", 1)));
        mine.apply("t1", Optional.of(desired("t1", "gw-a-1", 2)));

        assertThat(mine.snapshot()).containsOnlyKeys("t1");
        assertThat(mine.snapshot().get("t1").configVersion()).isEqualTo(2);
    }

    @Test
    void aTombstoneDropsTheTunnel() {
        mine.apply("t1", Optional.of(desired("t1", "gw-a-1", 1)));
        mine.apply("t2", Optional.of(desired("t2", "gw-a-1", 1)));

        mine.apply("t1", Optional.empty());

        assertThat(mine.snapshot()).containsOnlyKeys("t2");
    }

    @Test
    void aTunnelMovedToAnotherNodeIsNoLongerOurs() {
        mine.apply("t1", Optional.of(desired("t1", "gw-a-1", 1)));

        mine.apply("t1", Optional.of(desired("t1", "gw-a-2", 2)));

        assertThat(mine.snapshot()).isEmpty();
    }

    @Test
    void anOlderVersionDoesNotOverwriteANewerOne() {
        mine.apply("t1", Optional.of(desired("t1", "gw-a-1", 3)));

        mine.apply("t1", Optional.of(desired("t1", "gw-a-1", 2)));

        assertThat(mine.snapshot().get("t1").configVersion()).isEqualTo(3);
    }
}
