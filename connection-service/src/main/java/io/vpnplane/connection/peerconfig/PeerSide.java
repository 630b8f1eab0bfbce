package io.vpnplane.connection.peerconfig;

import java.util.List;
import java.util.Optional;

import io.vpnplane.connection.net.Ipv4Address;
import io.vpnplane.connection.net.Ipv4Cidr;
import io.vpnplane.events.connection.IpsecConnectionState;

/**
 * Facts every device format needs, seen from the on-premises device: its own address and identity, the cloud
 * side's identity, traffic selectors swapped (the connection's remote CIDRs are the device's local ones) and the
 * device's inner BGP address.
 */
final class PeerSide {

    /**
     * Explains a placeholder left where the cloud gateway's IP belongs: tunnel-service assigns it when it places
     * the tunnel, which has not happened yet for that tunnel.
     */
    static final String GATEWAY_IP_PENDING = "the cloud gateway IP of this tunnel is assigned when the tunnel is "
            + "placed (GET /v1/tunnels?connectionId=...); download this file again then, or put it here";

    private PeerSide() {
    }

    static String deviceId(IpsecConnectionState.Tunnel tunnel) {
        return tunnel.ike().remoteId().orElse(tunnel.customerGatewayIp());
    }

    /** The cloud side's identity; empty means "its gateway IP", unknown until placement. */
    static Optional<String> cloudId(IpsecConnectionState.Tunnel tunnel) {
        return tunnel.ike().localId();
    }

    static List<String> deviceSubnets(IpsecConnectionState connection) {
        return connection.routingMode().equals("policy") ? connection.remoteCidrs() : List.of("0.0.0.0/0");
    }

    static List<String> cloudSubnets(IpsecConnectionState connection) {
        return connection.routingMode().equals("policy") ? connection.localCidrs() : List.of("0.0.0.0/0");
    }

    /** In the tunnel's /30, the host address the cloud side does not use. */
    static String deviceBgpIp(IpsecConnectionState.TunnelBgp bgp) {
        Ipv4Cidr cidr = Ipv4Cidr.of(bgp.tunnelCidr());
        Ipv4Address cloud = Ipv4Address.of(bgp.localBgpIp());
        Ipv4Address first = new Ipv4Address(cidr.network().bits() + 1);
        return (cloud.equals(first) ? new Ipv4Address(cidr.network().bits() + 2) : first).toString();
    }

    static String modpName(String dhGroup) {
        return switch (dhGroup) {
            case "group1" -> "modp768";
            case "group2" -> "modp1024";
            case "group5" -> "modp1536";
            case "group14" -> "modp2048";
            default -> "";
        };
    }
}
