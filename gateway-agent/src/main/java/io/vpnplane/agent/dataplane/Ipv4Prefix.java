package io.vpnplane.agent.dataplane;

/** An IPv4 prefix such as {@code 10.0.0.0/8}; host bits must be zero. */
public record Ipv4Prefix(int network, int length) {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, got " + length);
        }
        if ((network & ~mask(length)) != 0) {
            throw new IllegalArgumentException("host bits set in " + Ipv4Header.format(network) + "/" + length);
        }
    }

    public static Ipv4Prefix parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return new Ipv4Prefix(Ipv4Header.parseAddress(cidr), 32);
        }
        String lengthText = cidr.substring(slash + 1);
        if (lengthText.isEmpty() || lengthText.length() > 2 || !lengthText.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a CIDR prefix: " + cidr);
        }
        return new Ipv4Prefix(Ipv4Header.parseAddress(cidr.substring(0, slash)), Integer.parseInt(lengthText));
    }

    static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public boolean contains(int address) {
        return (address & mask(length)) == network;
    }

    public int lastAddress() {
        return network | ~mask(length);
    }

    @Override
    public String toString() {
        return Ipv4Header.format(network) + "/" + length;
    }
}
