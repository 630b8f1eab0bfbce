package io.vpnplane.connection.ipsec;

/**
 * DPD (REQ-TUN-006): enabled by default, action restart; the peer is declared dead after {@code timeoutSeconds}
 * without an answer (default 30 s with IKEv1, 130 s with IKEv2). The timeout must exceed the interval (REQ-B-003).
 */
public record DeadPeerDetection(boolean enabled, DpdAction action, int intervalSeconds, int timeoutSeconds) {

    public static final int DEFAULT_INTERVAL_SECONDS = 10;

    public static DeadPeerDetection defaults(IkeVersion version) {
        return new DeadPeerDetection(true, DpdAction.RESTART, DEFAULT_INTERVAL_SECONDS,
                defaultTimeoutSeconds(version));
    }

    public static int defaultTimeoutSeconds(IkeVersion version) {
        return version == IkeVersion.IKEV1 ? 30 : 130;
    }
}
