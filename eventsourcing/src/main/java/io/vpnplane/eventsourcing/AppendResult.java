package io.vpnplane.eventsourcing;

import java.util.List;

/**
 * What an append wrote, visible to the appending transaction only until it commits.
 *
 * @param stream  the stream appended to
 * @param version the stream's version after the append: the next append's expected version (and the new ETag)
 * @param events  the recorded events, in version order; pass them to the read-model handlers in the same transaction
 */
public record AppendResult(StreamId stream, long version, List<RecordedEvent> events) {

    public AppendResult {
        events = List.copyOf(events);
    }
}
