package io.vpnplane.tunnel;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.DefaultBean;
import io.vpnplane.events.secret.TransitKey;
import io.vpnplane.tunnel.node.HeartbeatGracePeriod;
import io.vpnplane.tunnel.placement.TunnelPlacer;
import io.vpnplane.tunnel.secret.SecretSealer;

/**
 * The plain-Java collaborators of tunnel-service. Configuration:
 * <ul>
 * <li>{@code vpnplane.tunnel.node-grace-period} (default {@code PT15S}): a node without heartbeat for longer is down</li>
 * <li>{@code vpnplane.secrets.transit-key}: base64 of the 32-byte AES key shared with connection-service, which seals
 * each tunnel's PSK with it in its events (docs/architecture.md, "Secrets"); no default on purpose</li>
 * </ul>
 */
@Singleton
public class TunnelServiceBeans {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    HeartbeatGracePeriod gracePeriod(@ConfigProperty(name = "vpnplane.tunnel.node-grace-period", defaultValue = "PT15S") Duration grace,
                                     Clock clock) {
        return new HeartbeatGracePeriod(grace, clock);
    }

    @Produces
    @Singleton
    TransitKey transitKey(@ConfigProperty(name = "vpnplane.secrets.transit-key") String key) {
        return TransitKey.fromBase64(key);
    }

    @Produces
    @Singleton
    TunnelPlacer placer() {
        return new TunnelPlacer();
    }

    @Produces
    @Singleton
    SecretSealer sealer() {
        return new SecretSealer();
    }
}
