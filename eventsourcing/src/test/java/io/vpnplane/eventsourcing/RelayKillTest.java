package io.vpnplane.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.vertx.mutiny.sqlclient.Row;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.testkit.KafkaBroker;

/**
 * A relay process killed with SIGKILL in the middle of publishing, then a new relay: nothing is lost, and every
 * duplicate lies after the checkpoint that was durable when the process died (the re-sent tail).
 */
class RelayKillTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aKilledRelayProcessLosesNothingAndItsSuccessorResendsOnlyTheUncheckpointedTail() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String topic = kafka.createUniqueTopic("relay-kill", 3);
        try (KernelDatabase db = KernelDatabase.migrated("es_kill")) {
            EventStore store = new EventStore(CounterEvent.TYPES, URI.create("/vpnplane/kernel-test"), (s, t) -> topic, Clock.systemUTC());
            List<UUID> appended = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                List<Record> events = List.of(new CounterEvent.Opened("c"), new CounterEvent.Incremented(1), new CounterEvent.Incremented(2),
                        new CounterEvent.Incremented(3), new CounterEvent.Incremented(4), new CounterEvent.Incremented(5),
                        new CounterEvent.Incremented(6), new CounterEvent.Incremented(7), new CounterEvent.Incremented(8),
                        new CounterEvent.Incremented(9));
                StreamId stream = new StreamId("counter", "ctr-" + i);
                db.pool.withTransaction(tx -> store.append(tx, stream, ExpectedVersion.noStream(), events, EventContext.of("a", "c")))
                        .await().atMost(WAIT).events().forEach(e -> appended.add(e.eventId()));
            }

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RelayChildProcess.class.getName(),
                    db.database.reactiveUrl(), db.database.user(), kafka.bootstrapServers(), "svc", "10")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
                reader.readAtLeast(300, WAIT, Duration.ZERO);
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                long durablePosition = checkpointPosition(db);
                List<UUID> afterCheckpoint = idsInRelayOrderAfter(db, durablePosition);
                assertThat(afterCheckpoint).as("killed before the end: there is a tail to resume").isNotEmpty();

                try (OutboxRelay successor = OutboxRelay.start(db.vertx, db.options, RelayConfig.of("svc", kafka.bootstrapServers()))) {
                    List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(appended.size(), WAIT, Duration.ofSeconds(2));
                    List<UUID> ids = records.stream().map(r -> CloudEventHeaders.fromKafka(r.headers(), r.value()).id()).toList();
                    Map<UUID, Long> counts = ids.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));

                    assertThat(counts.keySet()).as("nothing lost").containsExactlyInAnyOrderElementsOf(appended);
                    Set<UUID> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                            .collect(Collectors.toSet());
                    assertThat(counts.values()).allMatch(c -> c <= 2);
                    assertThat(new HashSet<>(afterCheckpoint)).as("duplicates only from the un-checkpointed tail").containsAll(duplicated);
                    assertThat(successor.published()).isEqualTo(afterCheckpoint.size());
                }
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static long checkpointPosition(KernelDatabase db) {
        var rows = db.pool.query("SELECT position FROM es_relay_checkpoint WHERE relay = 'svc'").execute().await().atMost(WAIT);
        return rows.iterator().hasNext() ? rows.iterator().next().getLong("position") : 0;
    }

    private static List<UUID> idsInRelayOrderAfter(KernelDatabase db, long position) {
        List<UUID> out = new ArrayList<>();
        boolean after = position == 0;
        for (Row row : db.pool.query("SELECT event_id, position FROM es_event ORDER BY transaction_id, position").execute().await().atMost(WAIT)) {
            if (after) {
                out.add(row.getUUID("event_id"));
            }
            if (row.getLong("position") == position) {
                after = true;
            }
        }
        return out;
    }
}
