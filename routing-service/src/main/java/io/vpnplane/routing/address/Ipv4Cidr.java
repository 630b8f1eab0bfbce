package io.vpnplane.routing.address;

/**
 * An IPv4 prefix in canonical form: no host bits set below the prefix length. Route rules compare
 * prefixes, so a non-canonical "10.0.0.1/24" is refused at parsing rather than silently rounded.
 */
public record Ipv4Cidr(int network, int prefixLength) implements Comparable<Ipv4Cidr> {

    public static final Ipv4Cidr DEFAULT_ROUTE = new Ipv4Cidr(0, 0);

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0..32");
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("host bits set below /" + prefixLength);
        }
    }

    /** Why a text is not a canonical CIDR; the REST layer turns it into a problem detail. */
    public sealed interface ParseResult {
        record Parsed(Ipv4Cidr cidr) implements ParseResult {
        }

        record Refused(String reason) implements ParseResult {
        }
    }

    public static ParseResult parse(String text) {
        if (text == null || text.isBlank()) {
            return new ParseResult.Refused("is required, e.g. 192.168.10.0/24");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new ParseResult.Refused("'" + text + "' has no prefix length, e.g. 192.168.10.0/24");
        }
        var address = Ipv4Address.parse(text.substring(0, slash));
        String lengthText = text.substring(slash + 1);
        if (address.isEmpty()) {
            return new ParseResult.Refused("'" + text + "' does not start with an IPv4 address");
        }
        if (!lengthText.matches("[0-9]{1,2}") || Integer.parseInt(lengthText) > 32) {
            return new ParseResult.Refused("'" + text + "' has a prefix length that is not 0..32");
        }
        int length = Integer.parseInt(lengthText);
        int bits = address.get().bits();
        if ((bits & ~mask(length)) != 0) {
            Ipv4Cidr canonical = new Ipv4Cidr(bits & mask(length), length);
            return new ParseResult.Refused("'" + text + "' has host bits set; did you mean " + canonical + "?");
        }
        return new ParseResult.Parsed(new Ipv4Cidr(bits, length));
    }

    public static Ipv4Cidr of(String text) {
        return switch (parse(text)) {
            case ParseResult.Parsed p -> p.cidr();
            case ParseResult.Refused r -> throw new IllegalArgumentException("CIDR " + r.reason());
        };
    }

    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public int mask() {
        return mask(prefixLength);
    }

    public boolean contains(Ipv4Address address) {
        return (address.bits() & mask()) == network;
    }

    /** True when every address of {@code other} is inside this prefix (a prefix contains itself). */
    public boolean contains(Ipv4Cidr other) {
        return other.prefixLength >= prefixLength && (other.network & mask()) == network;
    }

    /** Two prefixes overlap exactly when one contains the other. */
    public boolean overlaps(Ipv4Cidr other) {
        return contains(other) || other.contains(this);
    }

    public Ipv4Address networkAddress() {
        return new Ipv4Address(network);
    }

    @Override
    public int compareTo(Ipv4Cidr other) {
        int byNetwork = Integer.compareUnsigned(network, other.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(prefixLength, other.prefixLength);
    }

    @Override
    public String toString() {
        return networkAddress() + "/" + prefixLength;
    }
}
