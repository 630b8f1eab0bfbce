package io.vpnplane.eventsourcing;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.vpnplane.events.CloudEvent;

/**
 * Who and what caused the events of one append: stored as the event's metadata and published as the CloudEvents
 * extensions {@code ce_account}, {@code ce_correlationid}, {@code ce_causationid} and {@code ce_traceparent}.
 */
public record EventContext(Optional<String> account, String correlationId, Optional<String> causationId, Optional<String> traceparent) {

    public EventContext {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(traceparent, "traceparent");
    }

    /** A request of {@code account} identified by {@code correlationId} (e.g. the REST request id). */
    public static EventContext of(String account, String correlationId) {
        return new EventContext(Optional.of(account), correlationId, Optional.empty(), Optional.empty());
    }

    /** Something the platform does on its own, with a fresh correlation id and no account. */
    public static EventContext platform() {
        return new EventContext(Optional.empty(), UUID.randomUUID().toString(), Optional.empty(), Optional.empty());
    }

    /** Events caused by a consumed event: same account, correlation and trace; causation = that event's id. */
    public static EventContext causedBy(CloudEvent cause) {
        return new EventContext(cause.account(), cause.correlationId(), Optional.of(cause.id().toString()), cause.traceparent());
    }

    public EventContext withCausationId(String causationId) {
        return new EventContext(account, correlationId, Optional.of(causationId), traceparent);
    }

    /** The W3C {@code traceparent} of the writer's current span. */
    public EventContext withTraceparent(String traceparent) {
        return new EventContext(account, correlationId, causationId, Optional.of(traceparent));
    }
}
