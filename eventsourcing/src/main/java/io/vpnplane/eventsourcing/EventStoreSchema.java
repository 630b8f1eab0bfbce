package io.vpnplane.eventsourcing;

import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The kernel's tables in a service's own database, created by the library (no Flyway): an ordered list of DDL
 * versions, each applied once and recorded in {@code es_schema_version}. {@link #migrate} is idempotent and safe
 * when several instances start at once (a transaction-scoped advisory lock serializes them).
 *
 * <h2>Version 1</h2>
 * <pre>
 * es_event              the append-only event table and the outbox
 *   position            bigint identity PK        global order of insertion (gaps possible)
 *   transaction_id      xid8 DEFAULT pg_current_xact_id()   writer's transaction, for the relay's safe window
 *   event_id            uuid UNIQUE               ce_id
 *   stream_category     text                      e.g. ipsec-connection
 *   stream_id           text                      aggregate id, Kafka key, ce_subject
 *   stream_version      bigint > 0                UNIQUE (stream_category, stream_id, stream_version)
 *   event_type          text                      type name without .vN
 *   schema_version      int                       the N of .vN
 *   topic               text                      destination Kafka topic
 *   payload             json                      event data, exactly as EventJson wrote it
 *   metadata            json                      {source, account?, correlationid, causationid?, traceparent?}
 *   recorded_at         timestamptz               ce_time
 * es_relay_checkpoint   (relay PK, transaction_id xid8, position bigint, updated_at): last published event
 * es_processed_event    (consumer, event_id) PK, processed_at: idempotent consumers' dedupe rows
 * </pre>
 */
public final class EventStoreSchema {

    public static final String EVENT_TABLE = "es_event";
    public static final String STREAM_VERSION_CONSTRAINT = "es_event_stream_version_key";
    public static final String CHECKPOINT_TABLE = "es_relay_checkpoint";
    public static final String PROCESSED_TABLE = "es_processed_event";

    /** Advisory lock key (transaction scope) serializing concurrent migrations. */
    static final long MIGRATION_LOCK = 0x7670_6e70_6c61_6e65L;

    private static final List<List<String>> VERSIONS = List.of(
            List.of(
                    """
                    CREATE TABLE es_event (
                      position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
                      event_id        uuid NOT NULL,
                      stream_category text NOT NULL,
                      stream_id       text NOT NULL,
                      stream_version  bigint NOT NULL CHECK (stream_version > 0),
                      event_type      text NOT NULL,
                      schema_version  int NOT NULL CHECK (schema_version > 0),
                      topic           text NOT NULL,
                      payload         json NOT NULL,
                      metadata        json NOT NULL,
                      recorded_at     timestamptz NOT NULL,
                      CONSTRAINT es_event_stream_version_key UNIQUE (stream_category, stream_id, stream_version),
                      CONSTRAINT es_event_event_id_key UNIQUE (event_id)
                    )""",
                    "CREATE INDEX es_event_relay_order ON es_event (transaction_id, position)",
                    "CREATE INDEX es_event_category_position ON es_event (stream_category, position)",
                    "CREATE INDEX es_event_type_position ON es_event (event_type, position)",
                    """
                    CREATE TABLE es_relay_checkpoint (
                      relay          text PRIMARY KEY,
                      transaction_id xid8 NOT NULL,
                      position       bigint NOT NULL,
                      updated_at     timestamptz NOT NULL
                    )""",
                    """
                    CREATE TABLE es_processed_event (
                      consumer     text NOT NULL,
                      event_id     uuid NOT NULL,
                      processed_at timestamptz NOT NULL DEFAULT now(),
                      PRIMARY KEY (consumer, event_id)
                    )"""));

    private EventStoreSchema() {
    }

    /** The newest schema version this library knows. */
    public static int currentVersion() {
        return VERSIONS.size();
    }

    /** Creates or upgrades the kernel's tables; returns the schema version now in place. */
    public static Uni<Integer> migrate(Pool pool) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(MIGRATION_LOCK))
                .chain(() -> tx.query("CREATE TABLE IF NOT EXISTS es_schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())").execute())
                .chain(() -> tx.query("SELECT coalesce(max(version), 0) AS v FROM es_schema_version").execute())
                .map(rows -> rows.iterator().next().getInteger("v"))
                .chain(applied -> applyFrom(tx, applied)));
    }

    private static Uni<Integer> applyFrom(SqlConnection tx, int applied) {
        if (applied > VERSIONS.size()) {
            return Uni.createFrom().failure(new IllegalStateException("database schema version " + applied
                    + " is newer than this library's " + VERSIONS.size() + ": downgrade is not supported"));
        }
        return Multi.createFrom().range(applied, VERSIONS.size())
                .onItem().transformToUniAndConcatenate(index -> Multi.createFrom().iterable(VERSIONS.get(index))
                        .onItem().transformToUniAndConcatenate(ddl -> tx.query(ddl).execute())
                        .collect().last()
                        .chain(() -> tx.preparedQuery("INSERT INTO es_schema_version (version) VALUES ($1)").execute(Tuple.of(index + 1))))
                .collect().last()
                .replaceWith(VERSIONS.size());
    }
}
