package io.vpnplane.eventsourcing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.events.platform.ProjectionRebuilt;

/**
 * Rebuilds a read model from the event table: in ONE transaction, {@link Projection#reset} then every event the
 * projection selects, in position order, read in batches of {@code batchSize}, and finally a {@link ProjectionRebuilt}
 * event on stream {@code projection/<name>}. Readers see the old read model until the rebuild commits; a failure
 * leaves it untouched. Events committed while the rebuild runs are safe: their own transaction updates the read model,
 * after the rebuild's table lock is released.
 */
public final class ProjectionRebuilder {

    /** The stream category of {@link ProjectionRebuilt} events. */
    public static final String STREAM_CATEGORY = "projection";

    private final EventStore store;
    private final int batchSize;
    private final Clock clock;

    public ProjectionRebuilder(EventStore store, int batchSize, Clock clock) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.store = store;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** The outcome of one rebuild. */
    public record Result(String projection, long eventsReplayed, long lastPosition, Instant startedAt, Instant finishedAt) {
    }

    /** Rebuilds {@code projection}; the returned Uni completes after the commit. */
    public Uni<Result> rebuild(Pool pool, Projection projection) {
        Instant started = clock.instant();
        return pool.withTransaction(tx -> projection.reset(tx)
                .chain(() -> replay(tx, projection, 0, 0))
                .chain(progress -> {
                    Instant finished = clock.instant();
                    String service = serviceName();
                    return store.append(tx, new StreamId(STREAM_CATEGORY, projection.name()), ExpectedVersion.any(),
                                    List.of(new ProjectionRebuilt(service, projection.name(), progress.count(), started, finished)),
                                    EventContext.platform())
                            .replaceWith(new Result(projection.name(), progress.count(), progress.position(), started, finished));
                }));
    }

    private record Progress(long count, long position) {
    }

    private Uni<Progress> replay(SqlConnection tx, Projection projection, long afterPosition, long count) {
        return store.readAll(tx, projection.selector(), afterPosition, batchSize).chain(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(new Progress(count, afterPosition));
            }
            long last = batch.getLast().position();
            return projection.apply(batch, tx).chain(() -> replay(tx, projection, last, count + batch.size()));
        });
    }

    private String serviceName() {
        String path = store.source().getPath();
        String trimmed = path == null ? "" : path.replaceAll("/+$", "");
        return trimmed.isEmpty() ? store.source().toString() : trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
