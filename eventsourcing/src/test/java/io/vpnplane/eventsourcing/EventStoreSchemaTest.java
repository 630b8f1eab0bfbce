package io.vpnplane.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class EventStoreSchemaTest {

    @Test
    void migrationIsIdempotentAndSafeWhenInstancesStartTogether() {
        try (KernelDatabase db = KernelDatabase.migrated("es_schema")) {
            List<Integer> versions = Uni.join().all(EventStoreSchema.migrate(db.pool), EventStoreSchema.migrate(db.pool),
                    EventStoreSchema.migrate(db.pool)).andFailFast().await().atMost(Duration.ofSeconds(30));

            assertThat(versions).containsOnly(EventStoreSchema.currentVersion());
            var applied = db.pool.query("SELECT version FROM es_schema_version ORDER BY version").execute().await().indefinitely();
            assertThat(applied.size()).isEqualTo(EventStoreSchema.currentVersion());
            var tables = db.pool.query("SELECT count(*) AS n FROM pg_tables WHERE tablename IN ('es_event', 'es_relay_checkpoint', 'es_processed_event')")
                    .execute().await().indefinitely();
            assertThat(tables.iterator().next().getLong("n")).isEqualTo(3);
        }
    }
}
