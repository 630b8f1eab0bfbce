package io.vpnplane.agent.ike;

import static io.vpnplane.agent.ike.TestTunnels.A;
import static io.vpnplane.agent.ike.TestTunnels.B;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RFC 7296 §2.8.1 CHILD_SA rekey collisions between two engines in virtual time: both crossed rekeys
 * succeed, the SA created with the lowest of the four nonces is deleted by the end that created it,
 * and the winner's initiator deletes the old SA. No TEMPORARY_FAILURE, no retry.
 */
class ChildSaRekeyCollisionTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler);
    private final IkeEngineTest.RecordingListener listenerA = new IkeEngineTest.RecordingListener();
    private final IkeEngineTest.RecordingListener listenerB = new IkeEngineTest.RecordingListener();
    private final IkeEngine engineA = new IkeEngine(scheduler, network.transportFor(), new SecureRandom(),
            EngineSettings.defaults(), listenerA);
    private final IkeEngine engineB = new IkeEngine(scheduler, network.transportFor(), new SecureRandom(),
            EngineSettings.defaults(), listenerB);

    {
        network.attach(A, engineA);
        network.attach(B, engineB);
    }

    @Test
    void crossedRekeysKeepExactlyOneSaAndEitherSideCanWinByNonce() {
        engineB.addTunnel(TestTunnels.tunnel("t1", B, A, "collide-psk-1", TunnelConfig.StartAction.RESPOND_ONLY));
        engineA.addTunnel(TestTunnels.tunnel("t1", A, B, "collide-psk-1", TunnelConfig.StartAction.START));
        scheduler.advance(Duration.ofSeconds(1));
        int aWon = 0;
        int bWon = 0;
        for (int round = 0; round < 24; round++) {
            ChildSa oldOnA = engineA.childSas("t1").getFirst();
            int installedOnA = listenerA.installed.size();
            int installedOnB = listenerB.installed.size();

            engineA.currentIkeSa("t1").orElseThrow().rekeyChild(oldOnA);
            engineB.currentIkeSa("t1").orElseThrow().rekeyChild(engineB.childSas("t1").getFirst());
            // One round trip each way plus the DELETEs: no random back-off as with TEMPORARY_FAILURE.
            scheduler.advance(Duration.ofMillis(100));

            assertThat(engineA.childSas("t1")).singleElement().isNotEqualTo(oldOnA);
            assertThat(engineB.childSas("t1")).hasSize(1);
            ChildSa onA = engineA.childSas("t1").getFirst();
            ChildSa onB = engineB.childSas("t1").getFirst();
            assertThat(onA.inboundSpi()).isEqualTo(onB.outboundSpi());
            assertThat(onA.outboundSpi()).isEqualTo(onB.inboundSpi());
            assertThat(onA.keys().outboundEncryptionKey()).isEqualTo(onB.keys().inboundEncryptionKey());
            // The loser never installs the SA its own exchange made; the winner installs both, then
            // drops the peer's redundant one when the peer deletes it.
            int newOnA = listenerA.installed.size() - installedOnA;
            int newOnB = listenerB.installed.size() - installedOnB;
            assertThat(newOnA + newOnB).isEqualTo(3);
            if (newOnA == 2) {
                aWon++;
            } else {
                bWon++;
            }
            assertThat(listenerA.installed.size() - listenerA.removed.size()).isEqualTo(1);
            assertThat(listenerB.installed.size() - listenerB.removed.size()).isEqualTo(1);
        }
        assertThat(aWon).isPositive();
        assertThat(bWon).isPositive();
        assertThat(engineA.status("t1").orElseThrow().lastError()).isEmpty();
        assertThat(engineB.status("t1").orElseThrow().lastError()).isEmpty();
    }
}
