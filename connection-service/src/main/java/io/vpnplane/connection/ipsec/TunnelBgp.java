package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.net.Ipv4Address;
import io.vpnplane.connection.net.Ipv4Cidr;

/** A tunnel's BGP addressing (REQ-TUN-008): a /30 of 169.254.0.0/16 and the cloud side's address in it. */
public record TunnelBgp(Ipv4Cidr tunnelCidr, Ipv4Address localBgpIp) {
}
