package io.vpnplane.events.routing;

import java.time.Instant;
import java.util.Optional;

import io.vpnplane.events.EventType;

/**
 * The entry forwarding uses for one destination of one source changed (REQ-RT-005): apply it to the forwarding
 * table. {@code from} is absent when the destination had no entry in effect (first entry added), {@code to} is
 * absent when it has none any more (last entry deleted); otherwise both name an entry, e.g. the active route
 * handing over to the standby because the active connection's health check failed.
 *
 * @param reason          why {@code to} is in effect: {@code ONLY_ENTRY}, {@code ACTIVE_UP},
 *                        {@code STANDBY_TAKES_OVER}, {@code BOTH_DOWN_ACTIVE_KEPT}, or {@code WITHDRAWN} without {@code to}
 * @param causeEventId    the {@code ce_id} of the tunnel, health or connection event that caused the switch, absent when a
 *                        REST command caused it (then {@code ce_correlationid} names the request)
 * @param causeEventType  the {@code ce_type} of that event
 * @param causeObservedAt when the agent observed what caused it (tunnel/health {@code observedAt}), for latency tracking
 * @param switchedAt      when routing-service decided
 */
@EventType(value = "io.vpnplane.route.active-route-switched", version = 1)
public record ActiveRouteSwitched(
        String vpnGatewayId,
        RouteSource source,
        String destinationCidr,
        Optional<RouteRef> from,
        Optional<RouteRef> to,
        String reason,
        Optional<String> causeEventId,
        Optional<String> causeEventType,
        Optional<Instant> causeObservedAt,
        Instant switchedAt) implements RouteEvent {
}
