package io.vpnplane.bgp.rib;

import java.util.Optional;
import java.util.regex.Pattern;

/** A canonical IPv4 prefix (host bits zero); the NLRI unit of the RIB. */
public record Ipv4Prefix(int network, int length) implements Comparable<Ipv4Prefix> {

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + length);
        }
        if ((network & ~mask(length)) != 0) {
            throw new IllegalArgumentException("host bits set in " + format(network, length));
        }
    }

    /** Parses {@code a.b.c.d/n}; empty when malformed or not canonical (a peer could send host bits). */
    public static Optional<Ipv4Prefix> parse(String text) {
        var m = SHAPE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return Optional.empty();
            }
            address = (address << 8) | octet;
        }
        int length = Integer.parseInt(m.group(5));
        if (length > 32 || (address & ~mask(length)) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Ipv4Prefix(address, length));
    }

    public static Ipv4Prefix of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a canonical IPv4 prefix: " + text));
    }

    /** True when this prefix and {@code other} share any address (one contains the other). */
    public boolean overlaps(Ipv4Prefix other) {
        int shorter = Math.min(length, other.length);
        return ((network ^ other.network) & mask(shorter)) == 0;
    }

    private static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    private static String format(int address, int length) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff)
                + "/" + length;
    }

    @Override
    public int compareTo(Ipv4Prefix o) {
        int byNetwork = Integer.compareUnsigned(network, o.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return format(network, length);
    }
}
