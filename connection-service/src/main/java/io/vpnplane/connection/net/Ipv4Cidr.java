package io.vpnplane.connection.net;

import java.util.Optional;

/** An IPv4 network in canonical CIDR form: the address is the network address (no host bits set). */
public record Ipv4Cidr(Ipv4Address network, int prefixLength) {

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
        if ((network.bits() & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("host bits set in " + network + "/" + prefixLength);
        }
    }

    /** Empty unless {@code text} is {@code a.b.c.d/n} with no host bits set. */
    public static Optional<Ipv4Cidr> parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String prefix = text.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 2 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        int length = Integer.parseInt(prefix);
        if (length > 32) {
            return Optional.empty();
        }
        return Ipv4Address.parse(text.substring(0, slash))
                .filter(a -> (a.bits() & ~mask(length)) == 0)
                .map(a -> new Ipv4Cidr(a, length));
    }

    public static Ipv4Cidr of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a canonical IPv4 CIDR: " + text));
    }

    static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public boolean contains(Ipv4Address address) {
        return (address.bits() & mask(prefixLength)) == network.bits();
    }

    public boolean contains(Ipv4Cidr other) {
        return other.prefixLength >= prefixLength && contains(other.network);
    }

    public boolean overlaps(Ipv4Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** True for an address of this network that is neither its network nor its broadcast address. */
    public boolean isHostAddress(Ipv4Address address) {
        if (!contains(address)) {
            return false;
        }
        if (prefixLength >= 31) {
            return true;
        }
        int host = address.bits() & ~mask(prefixLength);
        return host != 0 && host != ~mask(prefixLength);
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
