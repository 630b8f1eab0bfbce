package io.vpnplane.eventsourcing;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The side effects of one consumed event, written through {@code tx}: the transaction that also records the event as
 * processed. Do every database write on {@code tx} (appends included, with {@code EventContext.causedBy}); never
 * publish to Kafka from here, append instead and let the relay publish.
 */
@FunctionalInterface
public interface EventHandler {

    Uni<Void> handle(ReceivedEvent event, SqlConnection tx);
}
