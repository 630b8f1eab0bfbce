package io.vpnplane.agent.healthcheck;

import java.time.Duration;
import java.time.Instant;

/** Health-check transitions with timestamps (admin API now, events for routing-service later: REQ-GW-002). */
public sealed interface HealthCheckEvent {

    String tunnelId();

    Instant at();

    /** {@code switchRoute}: routing-service should withdraw the tunnel's routes (REQ-TUN-011). */
    boolean switchRoute();

    record Failed(String tunnelId, Instant at, int consecutiveMisses, boolean switchRoute) implements HealthCheckEvent {
    }

    record Recovered(String tunnelId, Instant at, Duration failedFor, boolean switchRoute) implements HealthCheckEvent {
    }
}
