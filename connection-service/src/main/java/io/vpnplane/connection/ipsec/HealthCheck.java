package io.vpnplane.connection.ipsec;

import java.util.Optional;

import io.vpnplane.connection.net.Ipv4Address;

/**
 * Probe through the tunnel (REQ-TUN-011): ICMP echo from {@code sourceIp} (cloud side) to {@code destinationIp}
 * (on-premises). Disabled by default; when enabled both addresses are present. {@code switchRoute} true withdraws
 * the advertised routes when the check fails (X-005 {@code revoke_route}). {@code intervalMillis} is present when the
 * interval was given in milliseconds; {@code intervalSeconds} is then that interval rounded up.
 */
public record HealthCheck(boolean enabled, Optional<Ipv4Address> destinationIp, Optional<Ipv4Address> sourceIp,
        int intervalSeconds, int retries, boolean switchRoute, Optional<Integer> intervalMillis) {

    /** Fast failover (beyond the seeds' 1 s minimum): REQ-TUN-011 asks for intervals down to 200 ms. */
    public static final int MIN_INTERVAL_MILLIS = 200;

    public static HealthCheck defaults() {
        return new HealthCheck(false, Optional.empty(), Optional.empty(), 3, 3, true, Optional.empty());
    }
}
