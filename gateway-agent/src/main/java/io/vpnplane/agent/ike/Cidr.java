package io.vpnplane.agent.ike;

import io.vpnplane.agent.ike.message.TrafficSelector;

/** An IPv4 prefix such as 10.0.0.0/24, as used in localCidrs/remoteCidrs (REQ-CONN-005). */
public record Cidr(byte[] network, int prefixLength) {

    public static final Cidr ANY = parse("0.0.0.0/0");

    public Cidr {
        network = network.clone();
        if (network.length != 4 || prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("not an IPv4 prefix");
        }
    }

    public static Cidr parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("not a CIDR: " + text);
        }
        String[] octets = parts[0].split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = parseNumber(octets[i], 255, text);
            address[i] = (byte) octet;
        }
        int prefix = parts.length == 2 ? parseNumber(parts[1], 32, text) : 32;
        return new Cidr(address, prefix);
    }

    private static int parseNumber(String digits, int max, String text) {
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a CIDR: " + text);
        }
        int value = Integer.parseInt(digits);
        if (value > max) {
            throw new IllegalArgumentException("not a CIDR: " + text);
        }
        return value;
    }

    private long mask() {
        return prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
    }

    private long asLong() {
        return ((network[0] & 0xffL) << 24) | ((network[1] & 0xffL) << 16) | ((network[2] & 0xffL) << 8)
                | (network[3] & 0xffL);
    }

    private static byte[] bytes(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** All protocols and ports of this prefix. */
    public TrafficSelector toTrafficSelector() {
        long start = asLong() & mask();
        long end = start | (~mask() & 0xffffffffL);
        return TrafficSelector.ipv4Range(bytes(start), bytes(end));
    }

    @Override
    public String toString() {
        return (network[0] & 0xff) + "." + (network[1] & 0xff) + "." + (network[2] & 0xff) + "."
                + (network[3] & 0xff) + "/" + prefixLength;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && cidr.prefixLength == prefixLength
                && java.util.Arrays.equals(cidr.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefixLength;
    }
}
