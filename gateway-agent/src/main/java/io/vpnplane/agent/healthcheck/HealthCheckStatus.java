package io.vpnplane.agent.healthcheck;

import io.vpnplane.agent.dataplane.Ipv4Header;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A read-only snapshot of one tunnel's health check for the admin API (REQ-TUN-011). */
public record HealthCheckStatus(String state, String sourceIp, String destinationIp, long intervalMillis, int retries,
                                boolean switchRoute, long probesSent, long repliesReceived,
                                List<HistoryEntry> history) {

    /** {@code event} FAILED (with consecutiveMisses) or RECOVERED (with failedForMillis), oldest first. */
    public record HistoryEntry(String event, Instant at, boolean switchRoute, Optional<Integer> consecutiveMisses,
                               Optional<Long> failedForMillis) {
    }

    public static HealthCheckStatus of(HealthChecker checker) {
        HealthCheckConfig config = checker.config();
        return new HealthCheckStatus(checker.state().name(), Ipv4Header.format(config.sourceIp()),
                Ipv4Header.format(config.destinationIp()), config.interval().toMillis(), config.retries(), config.switchRoute(),
                checker.probesSent(), checker.repliesReceived(), checker.history().stream().map(e -> switch (e) {
                    case HealthCheckEvent.Failed failed -> new HistoryEntry("FAILED", failed.at(), failed.switchRoute(),
                            Optional.of(failed.consecutiveMisses()), Optional.empty());
                    case HealthCheckEvent.Recovered recovered -> new HistoryEntry("RECOVERED", recovered.at(),
                            recovered.switchRoute(), Optional.empty(), Optional.of(recovered.failedFor().toMillis()));
                }).toList());
    }
}
