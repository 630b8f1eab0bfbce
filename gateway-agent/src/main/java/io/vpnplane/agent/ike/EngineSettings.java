package io.vpnplane.agent.ike;

import java.time.Duration;

/**
 * Engine-wide timing and ports. Retransmission: timeout {@code initialTimeout * backoff^n}, give up
 * after {@code maxRetransmits}; with the defaults (2 s, 1.8, 6) a dead peer is detected after about
 * 130 s, the IKEv2 DPD timeout of REQ-TUN-006. From {@code cookieThreshold} half-open responder SAs
 * on, IKE_SA_INIT requests must carry a stateless COOKIE (RFC 7296 §2.6).
 */
public record EngineSettings(int ikePort, int natTraversalPort, Duration initialTimeout, double backoff,
                             int maxRetransmits, Duration retryAfterFailure, Duration natKeepaliveInterval,
                             Duration halfOpenTimeout, int cookieThreshold) {

    public static EngineSettings defaults() {
        return new EngineSettings(500, 4500, Duration.ofSeconds(2), 1.8, 6, Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(30), 50);
    }

    public EngineSettings withPorts(int ike, int natTraversal) {
        return new EngineSettings(ike, natTraversal, initialTimeout, backoff, maxRetransmits, retryAfterFailure,
                natKeepaliveInterval, halfOpenTimeout, cookieThreshold);
    }

    public EngineSettings withCookieThreshold(int threshold) {
        return new EngineSettings(ikePort, natTraversalPort, initialTimeout, backoff, maxRetransmits, retryAfterFailure,
                natKeepaliveInterval, halfOpenTimeout, threshold);
    }

    /** Wait before retransmission number {@code attempt} (0 = first send); shared with the IKEv1 engine. */
    public Duration timeout(int attempt) {
        return Duration.ofMillis((long) (initialTimeout.toMillis() * Math.pow(backoff, attempt)));
    }
}
