package io.vpnplane.events.routing;

import java.time.Instant;

import io.vpnplane.events.EventType;
import io.vpnplane.events.Tombstone;

/**
 * The destination has no entry in effect any more (its last entry was deleted). On Kafka a tombstone: compaction
 * forgets the key; the {@code ce_*} headers name this type.
 */
@Tombstone
@EventType(value = "io.vpnplane.active-route.cleared", version = 1)
public record ActiveRouteCleared(String vpnGatewayId, RouteSource source, String destinationCidr, Instant switchedAt)
        implements ActiveRouteState {
}
