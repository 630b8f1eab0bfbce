package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vpnplane.agent.dataplane.Ipv4Prefix;
import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.routing.ActiveRouteInEffect;
import io.vpnplane.events.routing.ActiveRouteState;
import io.vpnplane.events.routing.RouteRef;
import io.vpnplane.events.routing.RouteSource;
import io.vpnplane.testkit.Eventually;
import io.vpnplane.testkit.KafkaBroker;

/**
 * The route follower on the real broker: routes switched long before the agent starts are in effect once it has read
 * the compacted {@code vpn.active-routes} from the beginning; a tombstone clears its destination, also for an agent
 * started after it.
 */
class RouteFollowerKafkaTest {

    private static final EventTypes TYPES = EventTypes.of(ActiveRouteState.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private KafkaBroker broker;
    private KafkaProducer<String, byte[]> producer;
    // Destinations of this run only: the shared broker's topic also holds other tests' routes.
    private final String gateway = "vgw-rf-" + UUID.randomUUID();
    private final int octet = 1 + (int) (Math.random() * 200);

    @BeforeEach
    void setUp() {
        broker = KafkaBroker.shared().createContractTopics();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    @Test
    void routesInEffectBeforeTheAgentStartedAreFollowedAndATombstoneClearsItsDestination() throws Exception {
        String a = "100.77." + octet + ".0/24";
        String b = "100.78." + octet + ".0/24";
        publish(inEffect(a, "conn-standby"));
        publish(inEffect(a, "conn-active"));
        publish(inEffect(b, "conn-active"));

        AtomicReference<Map<Ipv4Prefix, String>> routes = new AtomicReference<>(Map.of());
        try (var ignored = follow(routes)) {
            Eventually.await(WAIT, () -> "conn-active".equals(routes.get().get(Ipv4Prefix.parse(a)))
                    && "conn-active".equals(routes.get().get(Ipv4Prefix.parse(b))));

            publishTombstone(ActiveRouteState.keyOf(gateway, RouteSource.STATIC, a));
            Eventually.await(WAIT, () -> !routes.get().containsKey(Ipv4Prefix.parse(a)));
            assertThat(routes.get()).containsEntry(Ipv4Prefix.parse(b), "conn-active");
        }

        AtomicReference<Map<Ipv4Prefix, String>> afterRestart = new AtomicReference<>(Map.of());
        try (var ignored = follow(afterRestart)) {
            Eventually.await(WAIT, () -> "conn-active".equals(afterRestart.get().get(Ipv4Prefix.parse(b))));
            assertThat(afterRestart.get()).as("the cleared destination stays cleared after a restart")
                    .doesNotContainKey(Ipv4Prefix.parse(a));
        }
    }

    private ActiveRouteInEffect inEffect(String cidr, String connection) {
        return new ActiveRouteInEffect(gateway, RouteSource.STATIC, cidr, new RouteRef("route-" + cidr, connection, 100), "ONLY_ENTRY",
                Instant.now());
    }

    private FollowerThread<RouteFollower> follow(AtomicReference<Map<Ipv4Prefix, String>> routes) {
        return FollowerThread.start("route-follower-" + gateway, new RouteFollower(FollowerThread.consumer(broker.bootstrapServers()),
                routes::set));
    }

    private void publish(ActiveRouteInEffect state) throws Exception {
        String key = ActiveRouteState.keyOf(state.vpnGatewayId(), state.source(), state.destinationCidr());
        CloudEvent event = new CloudEvent(UUID.randomUUID(), URI.create("/vpnplane/routing-service"), TYPES.describe(state).ceType(), key,
                Instant.now(), Optional.of("acc-rf"), "corr", Optional.empty(), Optional.empty(), TYPES.encode(state));
        producer.send(new ProducerRecord<>(Topics.ACTIVE_ROUTES, null, key, event.data(), CloudEventHeaders.toKafka(event))).get();
    }

    private void publishTombstone(String key) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, "io.vpnplane.active-route.cleared.v1".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.ACTIVE_ROUTES, null, key, null, headers)).get();
    }
}
