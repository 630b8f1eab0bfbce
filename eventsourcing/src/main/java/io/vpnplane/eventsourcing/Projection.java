package io.vpnplane.eventsourcing;

import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A read model maintained from the service's own events. The command path calls {@link #apply(List, SqlConnection)}
 * with {@link AppendResult#events()} in the append's transaction; {@link ProjectionRebuilder} calls {@link #reset} and
 * then {@link #apply(RecordedEvent, SqlConnection)} for every selected event in position order, so both paths share one
 * handler.
 */
public interface Projection {

    /** A stable name, e.g. {@code connection-summary}: the subject of the {@code ProjectionRebuilt} event. */
    String name();

    /** The events this read model is made of. */
    EventSelector selector();

    /** Empties the read model, e.g. {@code TRUNCATE}; the table lock also holds concurrent command writes until the rebuild commits. */
    Uni<Void> reset(SqlConnection tx);

    /** Applies one event; events outside {@link #selector()} must be ignored. */
    Uni<Void> apply(RecordedEvent event, SqlConnection tx);

    /** Applies events in order, one after the other. */
    default Uni<Void> apply(List<RecordedEvent> events, SqlConnection tx) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(e -> apply(e, tx))
                .collect().last()
                .replaceWithVoid();
    }
}
