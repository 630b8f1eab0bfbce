package io.vpnplane.agent.managed;

import java.util.Optional;

import io.vpnplane.agent.healthcheck.HealthCheckConfig;
import io.vpnplane.agent.ike.TunnelConfig;

/**
 * One desired tunnel translated into what the standalone agent runs: the engine's tunnel configuration, its health
 * check when enabled, the owning account (for observations) and the desired version it came from (reported back in {@code TunnelConfigApplied}).
 */
public record ManagedTunnel(String accountId, long configVersion, TunnelConfig tunnel, Optional<HealthCheckConfig> healthCheck) {
}
