package io.vpnplane.eventsourcing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.EventTypeName;

/**
 * An event as stored in the event table.
 *
 * @param position   global position (table-wide, increasing; gaps possible)
 * @param eventId    {@code ce_id}
 * @param stream     the stream it belongs to
 * @param version    its version in the stream, from 1
 * @param type       the versioned type
 * @param topic      the Kafka topic the relay publishes it on
 * @param data       the decoded event record
 * @param json       the stored JSON of {@code data}
 * @param source     {@code ce_source}, the writing service
 * @param context    account, correlation, causation, trace
 * @param recordedAt {@code ce_time}
 */
public record RecordedEvent(
        long position,
        UUID eventId,
        StreamId stream,
        long version,
        EventTypeName type,
        String topic,
        Record data,
        String json,
        URI source,
        EventContext context,
        Instant recordedAt) {

    /** The envelope the relay publishes for this event. */
    public CloudEvent toCloudEvent() {
        return new CloudEvent(eventId, source, type.ceType(), stream.id(), recordedAt, context.account(),
                context.correlationId(), context.causationId(), context.traceparent(), json.getBytes(StandardCharsets.UTF_8));
    }
}
