package io.vpnplane.agent.ike;

import static io.vpnplane.agent.ike.TestTunnels.A;
import static io.vpnplane.agent.ike.TestTunnels.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ESN (RFC 4304, RFC 7296 §3.3.2 transform type 5) and the anti-replay window travel from config to CHILD_SA. */
class ExtendedSequenceNumberNegotiationTest {

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

    private static TunnelConfig.IpsecSettings ipsec(boolean esn, int replayWindow) {
        return new TunnelConfig.IpsecSettings(EncryptionAlgorithm.AES_128_CBC,
                Optional.of(IntegrityAlgorithm.HMAC_SHA1_96), Optional.of(DiffieHellmanGroup.MODP_1024),
                Duration.ofHours(1), esn, replayWindow);
    }

    private void establish(boolean esnOnA, boolean esnOnB) {
        engineB.addTunnel(TestTunnels.withIpsec(TestTunnels.tunnel("t1", B, A, "esn-psk-123",
                TunnelConfig.StartAction.RESPOND_ONLY), ipsec(esnOnB, 1024)));
        engineA.addTunnel(TestTunnels.withIpsec(TestTunnels.tunnel("t1", A, B, "esn-psk-123",
                TunnelConfig.StartAction.START), ipsec(esnOnA, 2048)));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(listenerA.installed).hasSize(1);
        assertThat(listenerB.installed).hasSize(1);
    }

    @Test
    void bothSidesWantingEsnNegotiateItAndEachKeepsItsOwnReplayWindow() {
        establish(true, true);

        assertThat(listenerA.installed.getFirst().extendedSequenceNumbers()).isTrue();
        assertThat(listenerB.installed.getFirst().extendedSequenceNumbers()).isTrue();
        assertThat(listenerA.installed.getFirst().replayWindow()).isEqualTo(2048);
        assertThat(listenerB.installed.getFirst().replayWindow()).isEqualTo(1024);
    }

    @Test
    void anInitiatorOfferingEsnFallsBackWhenTheResponderDoesNotWantIt() {
        establish(true, false);

        assertThat(listenerA.installed.getFirst().extendedSequenceNumbers()).isFalse();
        assertThat(listenerB.installed.getFirst().extendedSequenceNumbers()).isFalse();
    }

    @Test
    void aResponderWantingEsnAcceptsAnInitiatorWithout() {
        establish(false, true);

        assertThat(listenerA.installed.getFirst().extendedSequenceNumbers()).isFalse();
        assertThat(listenerB.installed.getFirst().extendedSequenceNumbers()).isFalse();
    }

    @Test
    void theRekeyedChildSaKeepsEsn() {
        establish(true, true);
        ChildSa first = listenerA.installed.getFirst();

        engineA.currentIkeSa("t1").orElseThrow().rekeyChild(first);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(listenerA.installed).hasSize(2);
        assertThat(listenerA.installed.getLast().extendedSequenceNumbers()).isTrue();
        assertThat(listenerB.installed.getLast().extendedSequenceNumbers()).isTrue();
    }

    @Test
    void replayWindowOutsideRfc4303BoundsIsRejected() {
        assertThatThrownBy(() -> ipsec(false, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ipsec(false, (1 << 16) + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ipsec(false, 0).replayWindow()).isZero();
    }
}
