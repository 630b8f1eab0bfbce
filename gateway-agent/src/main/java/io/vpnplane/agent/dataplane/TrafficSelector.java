package io.vpnplane.agent.dataplane;

/**
 * One side of an IKEv2 traffic selector (RFC 7296 §3.13.1) for IPv4: an inclusive address range, an IP
 * protocol (0 = any) and an inclusive port range (0..65535 = any; for protocols without ports the range
 * must be "any" to match).
 */
public record TrafficSelector(int startAddress, int endAddress, int protocol, int startPort, int endPort) {

    public TrafficSelector {
        if (Integer.compareUnsigned(startAddress, endAddress) > 0) {
            throw new IllegalArgumentException("selector start address after end address");
        }
        if (protocol < 0 || protocol > 255 || startPort < 0 || endPort > 65535 || startPort > endPort) {
            throw new IllegalArgumentException("selector protocol or ports out of range");
        }
    }

    /** All traffic to or from {@code prefix}, any protocol and port (what route-based tunnels negotiate as 0.0.0.0/0). */
    public static TrafficSelector of(Ipv4Prefix prefix) {
        return new TrafficSelector(prefix.network(), prefix.lastAddress(), 0, 0, 65535);
    }

    public static TrafficSelector of(String cidr) {
        return of(Ipv4Prefix.parse(cidr));
    }

    public boolean matches(int address, int packetProtocol, int port) {
        if (Integer.compareUnsigned(address, startAddress) < 0 || Integer.compareUnsigned(address, endAddress) > 0) {
            return false;
        }
        if (protocol != 0 && protocol != packetProtocol) {
            return false;
        }
        return (startPort == 0 && endPort == 65535) || (port >= startPort && port <= endPort);
    }
}
