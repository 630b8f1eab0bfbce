package io.vpnplane.agent.ike;

import static io.vpnplane.agent.ike.TestTunnels.A;
import static io.vpnplane.agent.ike.TestTunnels.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.dpd.DpdAction;
import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IkeMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Dead peer detection wired into the engine (REQ-TUN-006, REQ-B-003), in virtual time: death comes
 * after the configured timeout of silence (not when retransmissions run out), ESP traffic counts as
 * hearing from the peer, and each DPD action does what it says.
 */
class IkeEngineDpdTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler);
    /** When A's data plane last received ESP from B; empty = no ESP. */
    private Optional<Instant> espOnA = Optional.empty();
    private final IkeEngine engineA = new IkeEngine(scheduler, network.transportFor(), new SecureRandom(),
            EngineSettings.defaults(), ChildSaListener.NONE, tunnelId -> espOnA);
    private final IkeEngine engineB = new IkeEngine(scheduler, network.transportFor(), new SecureRandom(),
            EngineSettings.defaults(), ChildSaListener.NONE);

    {
        network.attach(A, engineA);
        network.attach(B, engineB);
    }

    private void start(TunnelConfig.DpdSettings dpd) {
        engineB.addTunnel(withDpd(TestTunnels.tunnel("t1", B, A, "fddsFF123abc",
                TunnelConfig.StartAction.RESPOND_ONLY), new TunnelConfig.DpdSettings(false, dpd.interval(),
                dpd.timeout())));
        engineA.addTunnel(withDpd(TestTunnels.tunnel("t1", A, B, "fddsFF123abc", TunnelConfig.StartAction.START),
                dpd));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(statusA().ikeSaState()).isEqualTo("ESTABLISHED");
    }

    private static TunnelConfig withDpd(TunnelConfig t, TunnelConfig.DpdSettings dpd) {
        return new TunnelConfig(t.id(), t.localAddress(), t.remoteAddress(), t.psk(), t.ike(), t.ipsec(), dpd,
                t.natTraversal(), t.forceEncapsulation(), t.routingMode(), t.localCidrs(), t.remoteCidrs(),
                t.startAction());
    }

    private TunnelStatus statusA() {
        return engineA.status("t1").orElseThrow();
    }

    private TunnelStatus.DpdView dpdA() {
        return statusA().dpd().orElseThrow();
    }

    private long initsSentByASince(int index) {
        return network.sent.subList(index, network.sent.size()).stream()
                .filter(d -> d.from().getAddress().equals(A) && !d.keepalive())
                .filter(d -> {
                    try {
                        return IkeMessage.decode(d.data()).header().exchangeType() == ExchangeType.IKE_SA_INIT;
                    } catch (Exception e) {
                        return false;
                    }
                }).count();
    }

    @Test
    void ikev2DefaultTimeoutDeclaresDeathAfter130SecondsOfSilenceNotWhenRetransmissionsRunOut() {
        // REQ-TUN-006: 130 s with IKEv2. The liveness check's retransmissions alone would take ~150 s more.
        start(new TunnelConfig.DpdSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(130)));
        network.drop = d -> true;

        scheduler.advance(Duration.ofSeconds(127));
        assertThat(dpdA().state()).isEqualTo("PROBING");
        assertThat(dpdA().livenessChecksSent()).isPositive();
        assertThat(statusA().lastError()).isEmpty();

        scheduler.advance(Duration.ofSeconds(3));
        TunnelStatus.DpdHistoryEntry death = dpdA().history().getFirst();
        assertThat(death.event()).isEqualTo("PEER_DEAD");
        assertThat(Duration.between(death.lastHeard().orElseThrow(), death.at())).isEqualTo(Duration.ofSeconds(130));
        assertThat(death.action()).contains("RESTART");
        assertThat(statusA().lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("peer dead"));
        assertThat(engineA.childSas("t1")).isEmpty();
    }

    @Test
    void anUnansweredLivenessCheckNeverHandsItsMessageIdToAnotherRequest() {
        // DPD timeout longer than the retransmission budget (~150 s): B gets A's liveness check and
        // answers, but the answers are lost. Were the message ID given to the next request, B would
        // replay its cached INFORMATIONAL answer for A's CREATE_CHILD_SA (RFC 7296 §2.2) and the rekey
        // could never complete.
        start(new TunnelConfig.DpdSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(600)));
        ChildSa child = engineA.childSas("t1").getFirst();
        network.drop = d -> d.from().getAddress().equals(B);
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(dpdA().livenessChecksSent()).isPositive();
        engineA.currentIkeSa("t1").orElseThrow().rekeyChild(child); // queued behind the liveness check

        scheduler.advance(Duration.ofSeconds(200));
        network.drop = d -> false;
        scheduler.advance(Duration.ofSeconds(150));

        assertThat(statusA().ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(statusA().counters().childSaRekeyed()).isEqualTo(1);
        assertThat(engineA.childSas("t1")).singleElement().isNotEqualTo(child);
        assertThat(engineB.childSas("t1")).singleElement()
                .satisfies(b -> assertThat(b.inboundSpi()).isEqualTo(engineA.childSas("t1").getFirst().outboundSpi()));
    }

    @Test
    void shortTimeoutWithRestartRenegotiatesAndRecordsTheRecovery() {
        start(new TunnelConfig.DpdSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(5), DpdAction.RESTART));
        network.drop = d -> true;

        scheduler.advance(Duration.ofSeconds(6));
        TunnelStatus.DpdHistoryEntry death = dpdA().history().getFirst();
        assertThat(Duration.between(death.lastHeard().orElseThrow(), death.at())).isEqualTo(Duration.ofSeconds(5));
        assertThat(dpdA().state()).isEqualTo("DEAD");
        assertThat(statusA().ikeSaState()).isEqualTo("NONE");

        int mark = network.sent.size();
        network.drop = d -> false;
        scheduler.advance(Duration.ofSeconds(15)); // restart comes after EngineSettings.retryAfterFailure (10 s)
        assertThat(initsSentByASince(mark)).isPositive();
        assertThat(statusA().ikeSaState()).isEqualTo("ESTABLISHED");
        // Watching again; a quiet tunnel is probed every interval and the answers keep it alive.
        assertThat(dpdA().state()).isIn("ALIVE", "PROBING");
        assertThat(dpdA().history()).extracting(TunnelStatus.DpdHistoryEntry::event)
                .containsExactly("PEER_DEAD", "PEER_RECOVERED");
    }

    @Test
    void holdStaysDownUntilTrafficAsksForTheTunnel() {
        // REQ-B-003 action hold.
        start(new TunnelConfig.DpdSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(5), DpdAction.HOLD));
        network.drop = d -> true;
        scheduler.advance(Duration.ofSeconds(6));
        network.drop = d -> false;
        int mark = network.sent.size();

        scheduler.advance(Duration.ofSeconds(60));
        assertThat(initsSentByASince(mark)).isZero();
        assertThat(statusA().ikeSaState()).isEqualTo("NONE");
        assertThat(statusA().negotiationStatus()).contains("held");

        engineA.acquire("t1"); // the data plane has a packet for the tunnel
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(statusA().ikeSaState()).isEqualTo("ESTABLISHED");
    }

    @Test
    void clearStaysDownEvenWithTraffic() {
        start(new TunnelConfig.DpdSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(5), DpdAction.CLEAR));
        network.drop = d -> true;
        scheduler.advance(Duration.ofSeconds(6));
        network.drop = d -> false;
        int mark = network.sent.size();

        engineA.acquire("t1");
        scheduler.advance(Duration.ofSeconds(60));
        assertThat(initsSentByASince(mark)).isZero();
        assertThat(statusA().ikeSaState()).isEqualTo("NONE");
        assertThat(statusA().negotiationStatus()).isEqualTo("peer dead: cleared");
        assertThat(dpdA().history()).extracting(TunnelStatus.DpdHistoryEntry::action)
                .containsExactly(Optional.of("CLEAR"));
    }

    @Test
    void espTrafficCountsAsHearingFromThePeer() {
        start(new TunnelConfig.DpdSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(5), DpdAction.RESTART));
        network.drop = d -> true; // IKE is silent, but ESP keeps arriving
        for (int i = 0; i < 60; i++) {
            espOnA = Optional.of(scheduler.now());
            scheduler.advance(Duration.ofSeconds(1));
        }
        assertThat(dpdA().state()).isEqualTo("ALIVE");
        assertThat(dpdA().livenessChecksSent()).isZero();
        assertThat(dpdA().history()).isEmpty();

        scheduler.advance(Duration.ofSeconds(6)); // ESP stops too
        assertThat(dpdA().state()).isEqualTo("DEAD");
    }

    @Test
    void disabledDpdShowsNoDetector() {
        start(new TunnelConfig.DpdSettings(false, Duration.ofSeconds(2), Duration.ofSeconds(5)));
        assertThat(statusA().dpd()).isEmpty();
    }
}
