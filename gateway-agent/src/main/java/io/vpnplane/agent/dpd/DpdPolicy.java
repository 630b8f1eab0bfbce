package io.vpnplane.agent.dpd;

import java.time.Duration;
import java.util.Objects;

/**
 * When to probe and when to give up: a liveness check after {@code interval} without hearing from the
 * peer, death after {@code timeout} without hearing from it.
 */
public record DpdPolicy(Duration interval, Duration timeout, DpdAction action) {

    /** REQ-TUN-006: 130 s with IKEv2. The interval is strongSwan's usual 30 s. */
    public static final DpdPolicy IKEV2_DEFAULT = new DpdPolicy(Duration.ofSeconds(30), Duration.ofSeconds(130),
            DpdAction.RESTART);
    /** REQ-TUN-006: 30 s with IKEv1; probing every 10 s leaves room for two retries before the timeout. */
    public static final DpdPolicy IKEV1_DEFAULT = new DpdPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30),
            DpdAction.RESTART);
    /** REQ-B-003 defaults: interval 30 s, timeout 120 s. */
    public static final DpdPolicy CLOUD_B_DEFAULT = new DpdPolicy(Duration.ofSeconds(30), Duration.ofSeconds(120),
            DpdAction.RESTART);

    public DpdPolicy {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(action, "action");
        if (interval.isNegative() || interval.isZero()) {
            throw new InvalidDpdPolicyException("interval", "DPD interval must be positive");
        }
        if (timeout.compareTo(interval) <= 0) {
            throw new InvalidDpdPolicyException("timeout", "DPD timeout must be greater than the interval");
        }
    }

    /**
     * Cloud B's rules (REQ-B-003): action hold or restart, interval at least 1 s, timeout greater than
     * the interval (the last is checked for every policy).
     */
    public static DpdPolicy forCloudB(Duration interval, Duration timeout, DpdAction action) {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidDpdPolicyException("interval", "DPD interval must be at least 1 s");
        }
        if (action == DpdAction.CLEAR) {
            throw new InvalidDpdPolicyException("action", "DPD action must be hold or restart");
        }
        return new DpdPolicy(interval, timeout, action);
    }
}
