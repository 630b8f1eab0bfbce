package io.vpnplane.agent.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpnplane.agent.dataplane.Ipv4Header;
import io.vpnplane.agent.dataplane.Tunnel;
import io.vpnplane.agent.dpd.ManualScheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

// REQ-TUN-011 state machine in virtual time: a fake peer answers (or not) each probe the checker sends.
class HealthCheckerTest {

    private static final int IDENTIFIER = 0x4242;
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Instant start = scheduler.now();
    private final List<HealthCheckEvent> events = new ArrayList<>();
    private final Tunnel tunnel = new Tunnel("t1", new InetSocketAddress("10.9.0.1", 4500),
            new InetSocketAddress("10.9.0.2", 4500), List.of(), List.of());
    private boolean peerAnswers = true;
    private HealthChecker checker;

    private HealthChecker checker(HealthCheckConfig config) {
        checker = new HealthChecker("t1", config, IDENTIFIER, scheduler, (packet, off, length) -> {
            if (peerAnswers) {
                byte[] reply = java.util.Arrays.copyOfRange(packet, off, off + length);
                IcmpEcho.turnIntoReply(reply, 0);
                // The reply comes back through the data plane a little later.
                scheduler.schedule(Duration.ofMillis(20), () -> checker.inspect(tunnel, reply, 0, reply.length));
            }
            return true;
        }, events::add);
        return checker;
    }

    private Instant at(long millis) {
        return start.plusMillis(millis);
    }

    @Test
    void defaultsAreEvery3sWith3RetriesAndSwitchRoute() {
        HealthCheckConfig config = HealthCheckConfig.withDefaults("169.254.10.2", "192.168.0.1");
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.retries()).isEqualTo(3);
        assertThat(config.switchRoute()).isTrue();

        checker(config).start();
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(checker.state()).isEqualTo(HealthChecker.State.HEALTHY);

        peerAnswers = false;
        scheduler.advance(Duration.ofSeconds(10)); // t = 20: probes at 12, 15, 18 unanswered, two misses counted
        assertThat(events).isEmpty();
        scheduler.advance(Duration.ofSeconds(1)); // t = 21: the probe of 18 is the third miss
        assertThat(events).containsExactly(new HealthCheckEvent.Failed("t1", at(21_000), 3, true));
    }

    @Test
    void twoHundredMillisecondProbingFailsAndRecoversFast() {
        HealthCheckConfig config = new HealthCheckConfig(Ipv4Header.parseAddress("169.254.10.2"),
                Ipv4Header.parseAddress("192.168.0.1"), Duration.ofMillis(200), 3, false);
        checker(config).start();
        scheduler.advanceMillis(1_000);
        assertThat(checker.state()).isEqualTo(HealthChecker.State.HEALTHY);
        assertThat(checker.probesSent()).isEqualTo(6); // 0, 200, ..., 1000

        peerAnswers = false; // probes from 1200 on are lost
        scheduler.advanceMillis(799);
        assertThat(events).isEmpty();
        scheduler.advanceMillis(1); // t = 1800: probes 1200, 1400, 1600 missed
        assertThat(events).containsExactly(new HealthCheckEvent.Failed("t1", at(1_800), 3, false));
        assertThat(checker.state()).isEqualTo(HealthChecker.State.FAILED);

        scheduler.advanceMillis(1_000);
        assertThat(events).hasSize(1); // failed is reported once, not per miss

        peerAnswers = true; // next probe at 3000, answered at 3020
        scheduler.advanceMillis(300);
        assertThat(events).last().isEqualTo(new HealthCheckEvent.Recovered("t1", at(3_020), Duration.ofMillis(1_220), false));
        assertThat(checker.state()).isEqualTo(HealthChecker.State.HEALTHY);
        assertThat(checker.history()).hasSize(2);
    }

    @Test
    void aPeerThatNeverAnswersFailsFromTheStart() {
        peerAnswers = false;
        checker(new HealthCheckConfig(1, 2, Duration.ofSeconds(1), 2, true)).start();
        scheduler.advanceMillis(1_999);
        assertThat(events).isEmpty();
        scheduler.advanceMillis(1);
        assertThat(events).containsExactly(new HealthCheckEvent.Failed("t1", at(2_000), 2, true));
    }

    @Test
    void repliesForOtherChecksOrHostsAreLeftForTheTun() {
        checker(new HealthCheckConfig(Ipv4Header.parseAddress("10.0.0.1"), Ipv4Header.parseAddress("10.0.0.2"),
                Duration.ofSeconds(1), 3, true));
        byte[] packet = new byte[64];
        int length = IcmpEcho.writeRequest(packet, 0, Ipv4Header.parseAddress("10.0.0.1"),
                Ipv4Header.parseAddress("10.0.0.2"), IDENTIFIER, 1, 8);
        assertThat(checker.inspect(tunnel, packet, 0, length)).as("a request, not a reply").isFalse();
        IcmpEcho.turnIntoReply(packet, 0);
        assertThat(checker.inspect(tunnel, packet, 0, length)).isTrue();

        int otherId = IcmpEcho.writeRequest(packet, 0, Ipv4Header.parseAddress("10.0.0.1"),
                Ipv4Header.parseAddress("10.0.0.2"), IDENTIFIER + 1, 1, 8);
        IcmpEcho.turnIntoReply(packet, 0);
        assertThat(checker.inspect(tunnel, packet, 0, otherId)).isFalse();
    }

    @Test
    void stoppedChecksSendNothing() {
        checker(new HealthCheckConfig(1, 2, Duration.ofMillis(200), 3, true)).start();
        scheduler.advanceMillis(500);
        checker.stop();
        long sent = checker.probesSent();
        scheduler.advanceMillis(5_000);
        assertThat(checker.probesSent()).isEqualTo(sent);
    }

    @Test
    void intervalsBelow200msAndZeroRetriesAreRejected() {
        assertThatThrownBy(() -> new HealthCheckConfig(1, 2, Duration.ofMillis(199), 3, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HealthCheckConfig(1, 2, Duration.ofSeconds(3), 0, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
