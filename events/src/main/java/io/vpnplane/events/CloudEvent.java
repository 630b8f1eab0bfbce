package io.vpnplane.events;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One event as it travels on Kafka: the CloudEvents 1.0 attributes (binary mode, one {@code ce_*} header each, see
 * {@link CloudEventHeaders}) and the JSON data (the record value). The Kafka key is {@link #subject()}, the
 * aggregate id.
 *
 * @param id            {@code ce_id}: unique per event; consumers deduplicate on it
 * @param source        {@code ce_source}: the producing service, e.g. {@code /vpnplane/connection-service}
 * @param type          {@code ce_type}: versioned type name, e.g. {@code io.vpnplane.ipsec-connection.created.v1}
 * @param subject       {@code ce_subject}: the aggregate (stream) id, also the Kafka key
 * @param time          {@code ce_time}: when the event was recorded
 * @param account       {@code ce_account}: the owning account, absent for platform events
 * @param correlationId {@code ce_correlationid}: the id shared by everything one request caused
 * @param causationId   {@code ce_causationid}: the id of the command or event that caused this one
 * @param traceparent   {@code ce_traceparent}: W3C trace context of the writer
 * @param data          the event record as JSON (UTF-8), {@code content-type: application/json}
 */
public record CloudEvent(
        UUID id,
        URI source,
        String type,
        String subject,
        Instant time,
        Optional<String> account,
        String correlationId,
        Optional<String> causationId,
        Optional<String> traceparent,
        byte[] data) {

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(traceparent, "traceparent");
        data = Objects.requireNonNull(data, "data").clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The type name without its {@code .vN} suffix. */
    public String typeName() {
        return EventTypeName.parse(type).name();
    }

    /** The schema version from the {@code .vN} suffix. */
    public int schemaVersion() {
        return EventTypeName.parse(type).version();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CloudEvent e && id.equals(e.id) && source.equals(e.source) && type.equals(e.type)
                && subject.equals(e.subject) && time.equals(e.time) && account.equals(e.account)
                && correlationId.equals(e.correlationId) && causationId.equals(e.causationId)
                && traceparent.equals(e.traceparent) && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, source, type, subject, time, account, correlationId, causationId, traceparent)
                * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CloudEvent[id=" + id + ", type=" + type + ", subject=" + subject + ", source=" + source + ", time=" + time
                + ", account=" + account.orElse("-") + ", correlationId=" + correlationId + ", data=" + data.length + " bytes]";
    }
}
