package io.vpnplane.connection.ipsec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vpnplane.connection.net.Ipv4Address;
import io.vpnplane.connection.net.Ipv4Cidr;
import io.vpnplane.events.connection.CustomerGatewayState;
import io.vpnplane.events.connection.IpsecConnectionState;

/**
 * Writes a validated spec as the published state (the events' and the API's shape). Reading that state back
 * through {@link IpsecConnectionSpecReader} yields the same spec: that round trip is how an aggregate is rebuilt
 * from its last event and how a merge patch is applied.
 */
public final class IpsecConnectionJson {

    public static final IpsecConnectionState.Attachment NO_ATTACHMENT = new IpsecConnectionState.Attachment("none",
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    private IpsecConnectionJson() {
    }

    /**
     * @param customerGateways the customer gateways the tunnels name, by id (all present)
     * @param keyVersions      each tunnel's pre-shared key version, by tunnel id
     * @param transitSealed    each tunnel's key sealed with the transit key for tunnel-service, by tunnel id
     * @param neutron          the Neutron site-connection attributes, if the connection has them
     */
    public static IpsecConnectionState state(String id, String accountId, IpsecConnectionSpec spec,
            Map<String, CustomerGatewayState> customerGateways, Map<String, Integer> keyVersions,
            Map<String, String> transitSealed, List<IpsecConnectionState.Grant> grants,
            Optional<IpsecConnectionState.Neutron> neutron) {
        return new IpsecConnectionState(id, accountId, spec.name(), spec.resourceGroupId(),
                spec.tags(), attachment(spec.attachment()), spec.gatewayType().json(), spec.tunnelMode().json(),
                spec.routingMode().json(), cidrs(spec.localCidrs()), cidrs(spec.remoteCidrs()),
                spec.effectImmediately(),
                new IpsecConnectionState.Bgp(spec.bgp().enabled(), spec.bgp().localAsn().value()),
                new IpsecConnectionState.Advanced(spec.advanced().autoAdvertiseRoutes(),
                        spec.advanced().autoAssociateDefaultRouteTable(),
                        spec.advanced().autoPropagateToDefaultRouteTable()),
                spec.tunnels().stream()
                        .map(t -> tunnel(t, customerGateways.get(t.customerGatewayId()),
                                keyVersions.getOrDefault(t.id(), 1), Optional.ofNullable(transitSealed.get(t.id()))))
                        .toList(),
                List.copyOf(grants), Optional.of(spec.initiator().json()), neutron);
    }

    public static IpsecConnectionState.Attachment attachment(Attachment attachment) {
        return switch (attachment) {
            case Attachment.None none -> NO_ATTACHMENT;
            case Attachment.ToVpnGateway vpn -> new IpsecConnectionState.Attachment("vpn-gateway",
                    Optional.of(vpn.vpnGatewayId()), Optional.empty(), Optional.empty(), Optional.empty());
            case Attachment.ToTransitRouter tr -> new IpsecConnectionState.Attachment("transit-router",
                    Optional.empty(), Optional.of(tr.cenInstanceId()), Optional.of(tr.transitRouterId()), tr.zone());
        };
    }

    private static IpsecConnectionState.Tunnel tunnel(TunnelOptions t, CustomerGatewayState cgw, int keyVersion,
            Optional<String> transitSealed) {
        IkeSettings ike = t.ike();
        IpsecSettings ipsec = t.ipsec();
        DeadPeerDetection dpd = t.dpd();
        HealthCheck check = t.healthCheck();
        return new IpsecConnectionState.Tunnel(t.id(), t.customerGatewayId(), cgw.ipAddress(), cgw.asn(),
                keyVersion,
                new IpsecConnectionState.Ike(ike.version().json(), ike.mode().json(), ike.encryption().json(),
                        ike.integrity().json(), ike.dhGroup().json(), ike.lifetimeSeconds(),
                        ike.localId(), ike.remoteId()),
                new IpsecConnectionState.Ipsec(ipsec.encryption().json(), ipsec.integrity().json(),
                        ipsec.dhGroup().json(), ipsec.lifetimeSeconds()),
                new IpsecConnectionState.Dpd(dpd.enabled(), dpd.action().json(), dpd.intervalSeconds(),
                        dpd.timeoutSeconds()),
                t.natTraversal(),
                t.bgp().map(b -> new IpsecConnectionState.TunnelBgp(b.tunnelCidr().toString(),
                        b.localBgpIp().toString())),
                new IpsecConnectionState.HealthCheck(check.enabled(), text(check.destinationIp()),
                        text(check.sourceIp()), check.intervalSeconds(), check.retries(), check.switchRoute(),
                        check.intervalMillis()),
                transitSealed);
    }

    private static Optional<String> text(Optional<Ipv4Address> address) {
        return address.map(Ipv4Address::toString);
    }

    private static List<String> cidrs(List<Ipv4Cidr> cidrs) {
        return cidrs.stream().map(Ipv4Cidr::toString).toList();
    }
}
