package io.vpnplane.agent.healthcheck;

import io.vpnplane.agent.dataplane.Ipv4Header;
import java.time.Duration;
import java.util.Objects;

/**
 * REQ-TUN-011: ICMP echo from {@code sourceIp} (cloud side) to {@code destinationIp} (on-premises)
 * through the tunnel every {@code interval}; {@code retries} consecutive unanswered probes mean failed;
 * {@code switchRoute} says whether a failure withdraws the tunnel's routes.
 */
public record HealthCheckConfig(int sourceIp, int destinationIp, Duration interval, int retries, boolean switchRoute) {

    /** Fast failover needs sub-second probing; below 200 ms the probes themselves become the load. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);
    public static final int DEFAULT_RETRIES = 3;

    public HealthCheckConfig {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("health check interval must be at least 200 ms, got " + interval);
        }
        if (retries < 1) {
            throw new IllegalArgumentException("health check retries must be at least 1, got " + retries);
        }
    }

    /** The REQ-TUN-011 defaults: every 3 s, 3 retries, switchRoute true. */
    public static HealthCheckConfig withDefaults(String sourceIp, String destinationIp) {
        return new HealthCheckConfig(Ipv4Header.parseAddress(sourceIp), Ipv4Header.parseAddress(destinationIp),
                DEFAULT_INTERVAL, DEFAULT_RETRIES, true);
    }
}
