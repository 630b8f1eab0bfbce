package io.vpnplane.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.Topics;
import io.vpnplane.events.platform.ProjectionRebuilt;
import io.vpnplane.testkit.KafkaAndPostgres;

/**
 * The kernel wired by CDI in a Quarkus app booted from this module's test classpath: schema created at startup, the
 * default EventStore bean, and the relay started by OutboxRelayLifecycle publishing to the contract topic.
 */
@QuarkusTest
@QuarkusTestResource(KafkaAndPostgres.class)
class EventSourcingWiringTest {

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    @Inject
    OutboxRelayLifecycle lifecycle;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aQuarkusServiceGetsTheSchemaTheStoreAndARunningRelay() {
        assertThat(store.source().toString()).isEqualTo("/vpnplane/kernel-wiring-test");
        assertThat(lifecycle.relay()).isPresent();
        String projection = "wiring-" + UUID.randomUUID();
        AppendResult result = pool.withTransaction(tx -> store.append(tx, new StreamId(ProjectionRebuilder.STREAM_CATEGORY, projection),
                ExpectedVersion.noStream(), List.of(new ProjectionRebuilt("kernel-wiring-test", projection, 0,
                        java.time.Instant.now(), java.time.Instant.now())), EventContext.platform())).await().atMost(Duration.ofSeconds(10));

        try (TopicReader reader = new TopicReader(bootstrap, Topics.PLATFORM)) {
            List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(1, Duration.ofSeconds(60), Duration.ZERO);
            assertThat(records).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo(projection);
                assertThat(CloudEventHeaders.fromKafka(r.headers(), r.value())).isEqualTo(result.events().getFirst().toCloudEvent());
            });
        }
    }
}
