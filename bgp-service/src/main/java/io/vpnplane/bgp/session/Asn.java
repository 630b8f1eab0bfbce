package io.vpnplane.bgp.session;

import java.util.Optional;
import java.util.regex.Pattern;

/** A 4-byte AS number, 1–4294967295, written plain ("65001") or dotted ("1.10" = 1·65536+10) (REQ-CGW-002). */
public record Asn(long value) {

    public static final long MAX = 4_294_967_295L;
    private static final Pattern PLAIN = Pattern.compile("\\d{1,10}");
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,5})\\.(\\d{1,5})");

    public Asn {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException("ASN out of range 1-" + MAX + ": " + value);
        }
    }

    /** Empty when malformed or out of range; the caller turns that into a problem with its own field name. */
    public static Optional<Asn> parse(String text) {
        long value;
        var dotted = DOTTED.matcher(text);
        if (PLAIN.matcher(text).matches()) {
            value = Long.parseLong(text);
        } else if (dotted.matches()) {
            long high = Long.parseLong(dotted.group(1));
            long low = Long.parseLong(dotted.group(2));
            if (high > 65535 || low > 65535) {
                return Optional.empty();
            }
            value = high * 65536 + low;
        } else {
            return Optional.empty();
        }
        return value >= 1 && value <= MAX ? Optional.of(new Asn(value)) : Optional.empty();
    }
}
