package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vpnplane.agent.healthcheck.HealthCheckEvent;
import io.vpnplane.agent.ike.TunnelStatus;
import io.vpnplane.events.CloudEventHeaders;

/**
 * The observer's translation of engine status changes into REQ-GW-002 observations, in memory: the engine status is
 * scripted and the producer is Kafka's in-memory one (the publisher's Kafka path has its own test on the real broker).
 */
class TunnelObserverTest {

    private static final String TUNNEL = "t1";
    private final Map<String, TunnelStatus> engine = new HashMap<>();
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final TunnelObserver observer = new TunnelObserver(id -> Optional.ofNullable(engine.get(id)), () -> List.copyOf(engine.values()),
            id -> new PacketCounters(7, 9, 1),
            new ObservationPublisher("node-1", producer, Clock.fixed(Instant.parse("2026-11-23T05:00:00Z"), ZoneOffset.UTC)),
            executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void anEstablishedTunnelReportsIkeThenChildOnceAndADeletedOneReportsWhy() throws Exception {
        observer.watch(ConnectionRoutesTest.tunnel(TUNNEL, "conn-1", Optional.empty()));
        engine.put(TUNNEL, status(true, true, Optional.empty(), 0));
        changed();
        changed();
        engine.put(TUNNEL, status(false, false, Optional.empty(), 0));
        changed();

        assertThat(observed()).containsExactly("ike-sa-established", "child-sa-established", "child-sa-failed");
    }

    @Test
    void aNegotiationFailureIsReportedOncePerReasonAndAPeerDeathAsDpd() throws Exception {
        observer.watch(ConnectionRoutesTest.tunnel(TUNNEL, "conn-1", Optional.empty()));
        engine.put(TUNNEL, status(false, false, Optional.of("IKE_SA_INIT failed: NO_PROPOSAL_CHOSEN"), 0));
        sweep();
        sweep();
        engine.put(TUNNEL, status(true, true, Optional.empty(), 0));
        sweep();
        engine.put(TUNNEL, status(false, false, Optional.of("peer dead: no answer to liveness checks"), 1));
        sweep();

        assertThat(observed()).containsExactly("ike-sa-failed", "ike-sa-established", "child-sa-established", "dpd-peer-dead");
    }

    @Test
    void healthCheckTransitionsCarryTheDestinationAndSwitchRoute() throws Exception {
        observer.watch(ConnectionRoutesTest.tunnel(TUNNEL, "conn-1", Optional.empty()));
        observer.healthCheck(new HealthCheckEvent.Failed(TUNNEL, Instant.now(), 3, true));
        observer.healthCheck(new HealthCheckEvent.Failed("not-watched", Instant.now(), 3, true));

        assertThat(observed()).containsExactly("health-check-failed");
    }

    @Test
    void countersArePublishedForWatchedTunnelsOnly() throws Exception {
        observer.watch(ConnectionRoutesTest.tunnel(TUNNEL, "conn-1", Optional.empty()));
        engine.put(TUNNEL, status(true, true, Optional.empty(), 0));
        engine.put("not-watched", status("not-watched", true, true, Optional.empty(), 0));
        executor.submit(observer::publishCounters).get();

        assertThat(observed()).containsExactly("tunnel-counters");
    }

    /** An SA callback: the engine's status is read on the executor, so wait until it has been. */
    private void changed() throws Exception {
        observer.changed(TUNNEL);
        executor.submit(() -> {
        }).get();
    }

    private void sweep() throws Exception {
        executor.submit(observer::sweep).get();
    }

    private List<String> observed() throws Exception {
        executor.shutdown();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        List<String> types = new ArrayList<>();
        producer.history().forEach(record -> {
            String type = new String(record.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8);
            types.add(type.replace("io.vpnplane.agent-status.", "").replaceAll("\\.v\\d+$", ""));
        });
        return types;
    }

    private static TunnelStatus status(boolean ikeUp, boolean childUp, Optional<String> lastError, int peerDeaths) {
        return status(TUNNEL, ikeUp, childUp, lastError, peerDeaths);
    }

    private static TunnelStatus status(String id, boolean ikeUp, boolean childUp, Optional<String> lastError, int peerDeaths) {
        Instant at = Instant.parse("2026-11-23T05:00:00Z");
        Optional<TunnelStatus.IkeSaView> ike = Optional.of(new TunnelStatus.IkeSaView("i", "r", true, "aes128", "a", "b", false,
                ikeUp ? Optional.of(at) : Optional.empty(), Optional.empty()));
        List<TunnelStatus.ChildSaView> children = childUp
                ? List.of(new TunnelStatus.ChildSaView("1", "2", "aes128", List.of(), List.of(), true, at, at, at))
                : List.of();
        List<TunnelStatus.DpdHistoryEntry> history = new ArrayList<>();
        for (int i = 0; i < peerDeaths; i++) {
            history.add(new TunnelStatus.DpdHistoryEntry("PEER_DEAD", at, Optional.empty(), Optional.of("RESTART"), Optional.empty()));
        }
        return new TunnelStatus(id, ikeUp ? "ESTABLISHED" : "NONE", ike, children, "x", lastError,
                Optional.of(new TunnelStatus.DpdView("ALIVE", 10, 30, "RESTART", Optional.empty(), 0, history)), "b",
                new TunnelStatus.Counters(0, 0, 0, 0, 0, 0, 0, 0, 0));
    }
}
