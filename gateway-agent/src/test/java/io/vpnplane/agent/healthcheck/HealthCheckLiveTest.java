package io.vpnplane.agent.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.dataplane.AgentPair;
import io.vpnplane.agent.dataplane.Ipv4Header;
import io.vpnplane.agent.dataplane.ScratchNamespace;
import io.vpnplane.agent.ike.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

// REQ-TUN-011 for real: ICMP probes inside ESP to an address behind the peer, which disappears and returns.
class HealthCheckLiveTest {

    @Test
    void failsWhenTheAddressBehindThePeerGoesAwayAndRecoversWhenItReturns() throws Exception {
        assumeTrue(ScratchNamespace.isRoot(), "network namespaces need root");
        ChildSaTransforms gcm = new ChildSaTransforms(EncryptionAlgorithm.AES_128_GCM_16, Optional.empty(), Optional.empty());
        List<HealthCheckEvent> events = new CopyOnWriteArrayList<>();
        try (AgentPair pair = AgentPair.start("hclive", gcm); EventLoop loop = new EventLoop("health-check")) {
            HealthCheckConfig config = new HealthCheckConfig(Ipv4Header.parseAddress(AgentPair.LEFT_INNER),
                    Ipv4Header.parseAddress(AgentPair.RIGHT_INNER), Duration.ofMillis(200), 3, true);
            HealthChecker checker = new HealthChecker(pair.leftTunnel.id(), config, 0x7001, loop,
                    (packet, off, length) -> {
                        try {
                            return pair.leftPlane.sendThrough(pair.leftTunnel, packet, off, length);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, events::add);
            pair.leftPlane.addTap(checker);
            checker.start();

            awaitTrue(() -> checker.state() == HealthChecker.State.HEALTHY, Duration.ofSeconds(5));

            pair.right.ip("addr", "del", AgentPair.RIGHT_INNER + "/32", "dev", "vpn0");
            awaitTrue(() -> checker.state() == HealthChecker.State.FAILED, Duration.ofSeconds(5));

            pair.right.ip("addr", "add", AgentPair.RIGHT_INNER + "/32", "dev", "vpn0");
            // Deleting the address also flushed the return route that used it as source.
            pair.right.ip("route", "replace", "192.168.100.0/24", "dev", "vpn0", "src", AgentPair.RIGHT_INNER);
            awaitTrue(() -> checker.state() == HealthChecker.State.HEALTHY, Duration.ofSeconds(5));
            checker.stop();

            assertThat(events).hasSize(2);
            assertThat(events.get(0)).isInstanceOf(HealthCheckEvent.Failed.class);
            assertThat(events.get(1)).isInstanceOf(HealthCheckEvent.Recovered.class);
            assertThat(events.get(1).at()).isAfter(events.get(0).at());
            assertThat(events).allMatch(HealthCheckEvent::switchRoute);
            // The replies were consumed by the check, not written to the TUN device of the left agent.
            assertThat(checker.repliesReceived()).isPositive();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
