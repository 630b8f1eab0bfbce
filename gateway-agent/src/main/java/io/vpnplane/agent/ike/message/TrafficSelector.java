package io.vpnplane.agent.ike.message;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** One traffic selector (RFC 7296 §3.13.1): an address range, an IP protocol and a port range. */
public record TrafficSelector(int tsType, int ipProtocol, int startPort, int endPort,
                              byte[] startAddress, byte[] endAddress) {

    public static final int TS_IPV4_ADDR_RANGE = 7;
    public static final int TS_IPV6_ADDR_RANGE = 8;

    public TrafficSelector {
        startAddress = startAddress.clone();
        endAddress = endAddress.clone();
        int expected = tsType == TS_IPV4_ADDR_RANGE ? 4 : 16;
        if (startAddress.length != expected || endAddress.length != expected) {
            throw new IllegalArgumentException("address length does not match TS type " + tsType);
        }
    }

    /** All protocols and ports for an IPv4 range. */
    public static TrafficSelector ipv4Range(byte[] start, byte[] end) {
        return new TrafficSelector(TS_IPV4_ADDR_RANGE, 0, 0, 65535, start, end);
    }

    public InetAddress start() {
        return address(startAddress);
    }

    public InetAddress end() {
        return address(endAddress);
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    void encode(ByteWriter out) {
        out.u8(tsType).u8(ipProtocol).u16(8 + 2 * startAddress.length).u16(startPort).u16(endPort)
                .bytes(startAddress).bytes(endAddress);
    }

    static TrafficSelector decode(ByteReader in) throws IkeDecodeException {
        int type = in.u8("TS type");
        int protocol = in.u8("TS protocol");
        int length = in.u16("TS length");
        int addressLength = switch (type) {
            case TS_IPV4_ADDR_RANGE -> 4;
            case TS_IPV6_ADDR_RANGE -> 16;
            default -> throw new IkeDecodeException(IkeDecodeException.Kind.MALFORMED, "TS type " + type);
        };
        if (length != 8 + 2 * addressLength) {
            throw new IkeDecodeException(IkeDecodeException.Kind.BAD_LENGTH, "TS length " + length);
        }
        int startPort = in.u16("TS start port");
        int endPort = in.u16("TS end port");
        return new TrafficSelector(type, protocol, startPort, endPort,
                in.bytes(addressLength, "TS start"), in.bytes(addressLength, "TS end"));
    }

    @Override
    public String toString() {
        return start().getHostAddress() + ".." + end().getHostAddress()
                + (ipProtocol == 0 ? "" : " proto " + ipProtocol)
                + (startPort == 0 && endPort == 65535 ? "" : " ports " + startPort + "-" + endPort);
    }
}
