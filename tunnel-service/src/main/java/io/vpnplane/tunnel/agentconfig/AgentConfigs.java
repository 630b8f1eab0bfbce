package io.vpnplane.tunnel.agentconfig;

import java.util.List;

import io.vpnplane.events.agentconfig.SealedSecret;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.tunnel.connection.TunnelSpec;

/**
 * Resolves a tunnel's spec and placement into the configuration its agent runs: defaults filled in (identities,
 * traffic selectors, start action), BGP peer address derived from the /30.
 */
public final class AgentConfigs {

    private static final List<String> ANY = List.of("0.0.0.0/0");

    private AgentConfigs() {
    }

    public static TunnelConfigDesired desired(TunnelSpec spec, long configVersion, String nodeId, String zone, String gatewayIp,
                                              SealedSecret preSharedKey) {
        IpsecConnectionState.Tunnel t = spec.tunnel();
        IpsecConnectionState.Ike ike = t.ike();
        boolean policy = "policy".equals(spec.routingMode());
        return new TunnelConfigDesired(spec.tunnelId(), spec.connectionId(), spec.accountId(), configVersion, nodeId, zone, gatewayIp,
                t.customerGatewayIp(),
                startAction(spec),
                new TunnelConfigDesired.Ike(ike.version(), ike.mode(), ike.encryption(), ike.integrity(), ike.dhGroup(),
                        ike.lifetimeSeconds(), ike.localId().orElse(gatewayIp), ike.remoteId().orElse(t.customerGatewayIp())),
                new TunnelConfigDesired.Ipsec(t.ipsec().encryption(), t.ipsec().integrity(), t.ipsec().dhGroup(), t.ipsec().lifetimeSeconds()),
                new TunnelConfigDesired.Dpd(t.dpd().enabled(), t.dpd().action(), t.dpd().intervalSeconds(), t.dpd().timeoutSeconds()),
                t.natTraversal(),
                // REQ-CONN-005: policy mode protects exactly the CIDRs; destination mode is route-based, any-to-any
                new TunnelConfigDesired.TrafficSelectors(policy ? spec.localCidrs() : ANY, policy ? spec.remoteCidrs() : ANY),
                spec.bgpEnabled()
                        ? t.bgp().map(b -> new TunnelConfigDesired.Bgp(b.tunnelCidr(), b.localBgpIp(), peerIp(b.tunnelCidr(), b.localBgpIp()),
                                spec.localAsn(), t.customerGatewayAsn()))
                        : java.util.Optional.empty(),
                new TunnelConfigDesired.HealthCheck(t.healthCheck().enabled(), t.healthCheck().destinationIp(), t.healthCheck().sourceIp(),
                        t.healthCheck().intervalSeconds(), t.healthCheck().retries(), t.healthCheck().switchRoute(),
                        t.healthCheck().intervalMillis()),
                preSharedKey);
    }

    /** REQ-B-004: a response-only gateway never initiates; otherwise REQ-CONN-008 decides. */
    static String startAction(TunnelSpec spec) {
        if (spec.responseOnly()) {
            return "none";
        }
        return spec.effectImmediately() ? "start" : "trap";
    }

    /** The other host address of a /30 (REQ-TUN-008: the customer side of the BGP session). */
    static String peerIp(String tunnelCidr, String localIp) {
        long network = ipv4(tunnelCidr.substring(0, tunnelCidr.indexOf('/')));
        long local = ipv4(localIp);
        long peer = local == network + 1 ? network + 2 : network + 1;
        return (peer >> 24 & 255) + "." + (peer >> 16 & 255) + "." + (peer >> 8 & 255) + "." + (peer & 255);
    }

    private static long ipv4(String ip) {
        long value = 0;
        for (String part : ip.split("\\.")) {
            value = value * 256 + Integer.parseInt(part);
        }
        return value;
    }
}
