package io.vpnplane.connection.net;

import java.util.Optional;

/** An IPv4 address in dotted-quad form; parsing is strict (four decimal octets, no leading zeros, no spaces). */
public record Ipv4Address(int bits) {

    public static Optional<Ipv4Address> parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Optional.empty();
            }
            bits = (bits << 8) | octet;
        }
        return Optional.of(new Ipv4Address(bits));
    }

    public static Ipv4Address of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an IPv4 address: " + text));
    }

    /** 0.0.0.0/8, multicast, broadcast and loopback cannot be an on-premises gateway address. */
    public boolean isUsableUnicast() {
        int first = bits >>> 24;
        return first != 0 && first != 127 && first < 224;
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
