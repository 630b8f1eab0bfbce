package io.vpnplane.agent.esp;

import java.time.Duration;
import java.util.Objects;

/**
 * Soft and hard limits of one ESP SA (RFC 4301 §4.4.2.1): reaching a soft limit asks the IKE engine
 * to rekey, reaching a hard limit makes the SA unusable. Volume limits count payload bytes and
 * packets; age limits run from installation.
 */
public record SaLifetime(long softBytes, long hardBytes, long softPackets, long hardPackets, Duration softAge,
        Duration hardAge) {

    /** No volume limit and an age (a century) that a gateway never reaches. */
    public static final SaLifetime UNLIMITED = new SaLifetime(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
            Long.MAX_VALUE, Duration.ofDays(36_500), Duration.ofDays(36_500));

    public SaLifetime {
        Objects.requireNonNull(softAge, "softAge");
        Objects.requireNonNull(hardAge, "hardAge");
        if (softBytes <= 0 || softPackets <= 0 || softAge.isNegative() || softAge.isZero()) {
            throw new IllegalArgumentException("lifetime limits must be positive");
        }
        if (softBytes > hardBytes || softPackets > hardPackets || softAge.compareTo(hardAge) > 0) {
            throw new IllegalArgumentException("a soft lifetime limit must not exceed its hard limit");
        }
    }

    /** Age-only lifetime, the usual IKE-negotiated case: rekey at {@code soft}, expire at {@code hard}. */
    public static SaLifetime ofAge(Duration soft, Duration hard) {
        return new SaLifetime(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, soft, hard);
    }
}
