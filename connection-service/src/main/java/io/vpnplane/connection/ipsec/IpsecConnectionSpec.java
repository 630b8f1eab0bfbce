package io.vpnplane.connection.ipsec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vpnplane.connection.net.Ipv4Cidr;

/** The whole user-facing configuration of one IPsec connection, validated, defaults applied. */
public record IpsecConnectionSpec(
        String name,
        Optional<String> resourceGroupId,
        Map<String, String> tags,
        Attachment attachment,
        GatewayType gatewayType,
        TunnelMode tunnelMode,
        RoutingMode routingMode,
        List<Ipv4Cidr> localCidrs,
        List<Ipv4Cidr> remoteCidrs,
        boolean effectImmediately,
        Initiator initiator,
        ConnectionBgp bgp,
        AdvancedSettings advanced,
        List<TunnelOptions> tunnels) {

    public IpsecConnectionSpec {
        tags = Map.copyOf(tags);
        localCidrs = List.copyOf(localCidrs);
        remoteCidrs = List.copyOf(remoteCidrs);
        tunnels = List.copyOf(tunnels);
    }
}
