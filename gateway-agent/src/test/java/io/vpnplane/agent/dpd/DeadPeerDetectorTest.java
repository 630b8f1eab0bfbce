package io.vpnplane.agent.dpd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

// REQ-TUN-006 (defaults 130 s IKEv2, 30 s IKEv1; actions) and REQ-B-003 (cloud B rules), in virtual time.
class DeadPeerDetectorTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Instant start = scheduler.now();
    private Instant lastHeard = start;
    private final List<Instant> checks = new ArrayList<>();
    private final List<DpdAction> deaths = new ArrayList<>();
    private final List<DpdEvent> events = new ArrayList<>();

    private DeadPeerDetector detector(DpdPolicy policy) {
        return new DeadPeerDetector("t1", policy, scheduler, () -> lastHeard, new DeadPeerHandler() {
            @Override
            public void sendLivenessCheck() {
                checks.add(scheduler.now());
            }

            @Override
            public void peerDead(DpdAction action) {
                deaths.add(action);
            }
        }, events::add);
    }

    private Instant at(long seconds) {
        return start.plusSeconds(seconds);
    }

    @Test
    void ikev2DefaultsProbeEvery30sAndDeclareDeathAt130s() {
        DeadPeerDetector dpd = detector(DpdPolicy.IKEV2_DEFAULT);
        dpd.established();

        scheduler.advance(Duration.ofSeconds(129));
        assertThat(checks).containsExactly(at(30), at(60), at(90), at(120));
        assertThat(deaths).isEmpty();
        assertThat(dpd.state()).isEqualTo(DeadPeerDetector.State.PROBING);

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(deaths).containsExactly(DpdAction.RESTART);
        assertThat(events).containsExactly(new DpdEvent.PeerDead("t1", at(130), start, DpdAction.RESTART));
        assertThat(dpd.state()).isEqualTo(DeadPeerDetector.State.DEAD);

        scheduler.advance(Duration.ofHours(1));
        assertThat(deaths).hasSize(1);
        assertThat(checks).hasSize(4);
    }

    @Test
    void ikev1DefaultsDeclareDeathAt30s() {
        detector(DpdPolicy.IKEV1_DEFAULT).established();
        scheduler.advance(Duration.ofSeconds(29));
        assertThat(checks).containsExactly(at(10), at(20));
        assertThat(deaths).isEmpty();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(events).containsExactly(new DpdEvent.PeerDead("t1", at(30), start, DpdAction.RESTART));
    }

    @Test
    void cloudBDefaultsDeclareDeathAt120s() {
        assertThat(DpdPolicy.CLOUD_B_DEFAULT.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(DpdPolicy.CLOUD_B_DEFAULT.timeout()).isEqualTo(Duration.ofSeconds(120));
        detector(DpdPolicy.CLOUD_B_DEFAULT).established();
        scheduler.advance(Duration.ofSeconds(119));
        assertThat(deaths).isEmpty();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(deaths).hasSize(1);
    }

    @Test
    void aBusyTunnelIsNeverProbed() {
        detector(DpdPolicy.IKEV2_DEFAULT).established();
        for (int i = 0; i < 180; i++) {
            scheduler.advance(Duration.ofSeconds(20));
            lastHeard = scheduler.now(); // ESP or IKE traffic from the peer
        }
        assertThat(checks).isEmpty();
        assertThat(deaths).isEmpty();
    }

    @Test
    void anAnsweredLivenessCheckKeepsThePeerAlive() {
        DeadPeerDetector dpd = detector(DpdPolicy.IKEV2_DEFAULT);
        dpd.established();
        scheduler.advance(Duration.ofSeconds(35));
        assertThat(checks).containsExactly(at(30));
        lastHeard = at(31); // the INFORMATIONAL response

        scheduler.advance(Duration.ofSeconds(30)); // t = 65: 34 s of silence since the answer
        assertThat(checks).containsExactly(at(30), at(61));
        scheduler.advance(Duration.ofSeconds(100)); // t = 165: only 134 s silent, but timeout 130 passed at 161
        assertThat(deaths).hasSize(1);
        assertThat(((DpdEvent.PeerDead) events.getFirst()).at()).isEqualTo(at(161));
    }

    @Test
    void recoveryAfterDeathIsRecordedWithHowLongThePeerWasDown() {
        DeadPeerDetector dpd = detector(new DpdPolicy(Duration.ofSeconds(2), Duration.ofSeconds(6), DpdAction.RESTART));
        dpd.established();
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(dpd.state()).isEqualTo(DeadPeerDetector.State.DEAD);

        scheduler.advance(Duration.ofSeconds(44)); // the restart succeeds when the peer returns
        lastHeard = scheduler.now();
        dpd.established();

        assertThat(dpd.state()).isEqualTo(DeadPeerDetector.State.ALIVE);
        assertThat(dpd.history()).containsExactly(new DpdEvent.PeerDead("t1", at(6), start, DpdAction.RESTART),
                new DpdEvent.PeerRecovered("t1", at(50), Duration.ofSeconds(44)));

        // Watching again from scratch: a stale lastHeard from before the death does not kill the new SA.
        lastHeard = start;
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(dpd.state()).isEqualTo(DeadPeerDetector.State.PROBING);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(dpd.state()).isEqualTo(DeadPeerDetector.State.DEAD);
        assertThat(dpd.history()).last().isEqualTo(new DpdEvent.PeerDead("t1", at(56), at(50), DpdAction.RESTART));
    }

    @Test
    void holdAndClearAreHandedToTheEngine() {
        detector(new DpdPolicy(Duration.ofSeconds(1), Duration.ofSeconds(3), DpdAction.HOLD)).established();
        detector(new DpdPolicy(Duration.ofSeconds(1), Duration.ofSeconds(3), DpdAction.CLEAR)).established();
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(deaths).containsExactlyInAnyOrder(DpdAction.HOLD, DpdAction.CLEAR);
    }

    @Test
    void stoppingCancelsEverything() {
        DeadPeerDetector dpd = detector(DpdPolicy.IKEV2_DEFAULT);
        dpd.established();
        scheduler.advance(Duration.ofSeconds(40));
        dpd.stopped();
        scheduler.advance(Duration.ofHours(1));
        assertThat(checks).hasSize(1);
        assertThat(deaths).isEmpty();
        assertThat(dpd.state()).isEqualTo(DeadPeerDetector.State.IDLE);
    }

    @Test
    void cloudBRulesAreEnforcedWithTheOffendingField() {
        assertThatThrownBy(() -> DpdPolicy.forCloudB(Duration.ofMillis(500), Duration.ofSeconds(5), DpdAction.HOLD))
                .isInstanceOfSatisfying(InvalidDpdPolicyException.class, e -> assertThat(e.field()).isEqualTo("interval"));
        assertThatThrownBy(() -> DpdPolicy.forCloudB(Duration.ofSeconds(30), Duration.ofSeconds(30), DpdAction.HOLD))
                .isInstanceOfSatisfying(InvalidDpdPolicyException.class, e -> assertThat(e.field()).isEqualTo("timeout"));
        assertThatThrownBy(() -> DpdPolicy.forCloudB(Duration.ofSeconds(30), Duration.ofSeconds(120), DpdAction.CLEAR))
                .isInstanceOfSatisfying(InvalidDpdPolicyException.class, e -> assertThat(e.field()).isEqualTo("action"));

        DpdPolicy fastest = DpdPolicy.forCloudB(Duration.ofSeconds(1), Duration.ofSeconds(2), DpdAction.HOLD);
        detector(fastest).established();
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(checks).containsExactly(at(1));
        assertThat(deaths).containsExactly(DpdAction.HOLD);
    }
}
