package io.vpnplane.routing.address;

import java.util.Optional;

/** An IPv4 address held as its 32 bits; {@link #bits()} is what forwarding structures index by. */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    /** Parses dotted-quad text strictly: four decimal octets 0–255, no leading zeros, nothing else. */
    public static Optional<Ipv4Address> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 15) {
            return Optional.empty();
        }
        int bits = 0;
        int octets = 0;
        int i = 0;
        while (i <= text.length()) {
            int start = i;
            int value = 0;
            while (i < text.length() && text.charAt(i) != '.') {
                char c = text.charAt(i);
                if (c < '0' || c > '9' || i - start >= 3) {
                    return Optional.empty();
                }
                value = value * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            // "01" is refused: some stacks read a leading zero as octal, so it is ambiguous input.
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return Optional.empty();
            }
            bits = (bits << 8) | value;
            octets++;
            i++;
            if (octets == 4) {
                return i == text.length() + 1 ? Optional.of(new Ipv4Address(bits)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    public static Ipv4Address of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an IPv4 address: " + text));
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
