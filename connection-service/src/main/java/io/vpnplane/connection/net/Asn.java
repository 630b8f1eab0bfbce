package io.vpnplane.connection.net;

import java.util.Optional;

/**
 * A BGP autonomous system number, 1–4294967295. Accepted as a plain number or in the dotted "X.Y" form
 * (X·65536+Y, each part 0–65535) of REQ-CGW-002; always shown as a plain number.
 */
public record Asn(long value) {

    public static final long MAX = 4_294_967_295L;

    public Asn {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException("ASN out of range 1-" + MAX + ": " + value);
        }
    }

    public static Optional<Asn> of(long value) {
        return value >= 1 && value <= MAX ? Optional.of(new Asn(value)) : Optional.empty();
    }

    /** Parses "65000" or "1.10"; empty when malformed or outside 1–4294967295. */
    public static Optional<Asn> parse(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return digits(text, 10).flatMap(Asn::of);
        }
        Optional<Long> high = digits(text.substring(0, dot), 5).filter(v -> v <= 65535);
        Optional<Long> low = digits(text.substring(dot + 1), 5).filter(v -> v <= 65535);
        if (high.isEmpty() || low.isEmpty()) {
            return Optional.empty();
        }
        return of(high.get() * 65536 + low.get());
    }

    private static Optional<Long> digits(String text, int maxLength) {
        if (text.isEmpty() || text.length() > maxLength || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    /**
     * Private-use ranges of RFC 6996 (64512–65534, 4200000000–4294967294): what the seeds recommend for the
     * cloud side of a VPN (REQ-CONN-009).
     */
    public boolean isPrivate() {
        return (value >= 64_512 && value <= 65_534) || (value >= 4_200_000_000L && value <= 4_294_967_294L);
    }
}
