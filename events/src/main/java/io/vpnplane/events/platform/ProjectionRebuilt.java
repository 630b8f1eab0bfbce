package io.vpnplane.events.platform;

import java.time.Instant;

import io.vpnplane.events.EventType;

/**
 * A service replayed its event table into a read model from scratch (stream category {@code projection}, subject =
 * the projection name). Written in the rebuild's own transaction, so it exists exactly when the rebuild committed.
 *
 * @param service        the service that owns the read model (the last segment of its {@code ce_source})
 * @param projection     the read model's name
 * @param eventsReplayed how many events were applied
 * @param startedAt      when the rebuild began
 * @param finishedAt     when the last event was applied
 */
@EventType(value = "io.vpnplane.platform.projection-rebuilt", version = 1)
public record ProjectionRebuilt(String service, String projection, long eventsReplayed, Instant startedAt, Instant finishedAt)
        implements PlatformEvent {
}
