package io.vpnplane.agent.bgp.message;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 prefix. The address is kept as an int with host bits cleared, so two prefixes that
 * differ only in (irrelevant) trailing bits of their wire encoding compare equal.
 */
public record Ipv4Prefix(int address, int length) implements Comparable<Ipv4Prefix> {

    public static final Ipv4Prefix DEFAULT_ROUTE = new Ipv4Prefix(0, 0);

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + length);
        }
        address &= mask(length);
    }

    public static Ipv4Prefix parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        int length;
        try {
            length = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: " + cidr, e);
        }
        return new Ipv4Prefix(parseAddress(cidr.substring(0, slash)), length);
    }

    /** Dotted quad to int; rejects anything else (no host name look-ups). */
    public static int parseAddress(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted, e);
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String formatAddress(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    public static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    public static Inet4Address toInet(int address) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always a valid IPv4 address", e);
        }
    }

    static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public boolean contains(Ipv4Prefix other) {
        return other.length >= length && (other.address & mask(length)) == address;
    }

    /** True if one of the two prefixes contains the other. */
    public boolean overlaps(Ipv4Prefix other) {
        return contains(other) || other.contains(this);
    }

    /** Octets the prefix needs on the wire: one length octet plus the significant address octets. */
    int wireSize() {
        return 1 + (length + 7) / 8;
    }

    @Override
    public int compareTo(Ipv4Prefix o) {
        int byAddress = Integer.compareUnsigned(address, o.address);
        return byAddress != 0 ? byAddress : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return formatAddress(address) + "/" + length;
    }
}
