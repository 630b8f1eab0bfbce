package io.vpnplane.events.connection;

import java.util.List;
import java.util.Map;

/**
 * The whole configuration of an IPsec connection, as the REST API shows it, minus pre-shared keys, plus what
 * consumers need without asking (the customer gateways' IP and ASN per tunnel, the account). Nullable fields
 * are marked; lists and maps are never null.
 *
 * @param resourceGroupId nullable
 * @param localCidrs      empty unless routingMode is {@code policy}
 */
public record IpsecConnectionState(
        String id,
        String accountId,
        String name,
        String resourceGroupId,
        Map<String, String> tags,
        Attachment attachment,
        String gatewayType,
        String tunnelMode,
        String routingMode,
        List<String> localCidrs,
        List<String> remoteCidrs,
        boolean effectImmediately,
        Bgp bgp,
        Advanced advanced,
        List<Tunnel> tunnels,
        List<Grant> grants) {

    /**
     * @param type            {@code none} | {@code vpn-gateway} | {@code transit-router}
     * @param vpnGatewayId    set with {@code vpn-gateway}, else null
     * @param cenInstanceId   set with {@code transit-router}, else null
     * @param transitRouterId set with {@code transit-router}, else null
     * @param zone            nullable
     */
    public record Attachment(String type, String vpnGatewayId, String cenInstanceId, String transitRouterId,
            String zone) {
    }

    public record Bgp(boolean enabled, long localAsn) {
    }

    public record Advanced(boolean autoAdvertiseRoutes, boolean autoAssociateDefaultRouteTable,
            boolean autoPropagateToDefaultRouteTable) {
    }

    /**
     * @param customerGatewayAsn  nullable: the customer gateway has no ASN
     * @param preSharedKeyVersion starts at 1, +1 at every key change; the key itself never travels in events
     * @param bgp                 nullable: no BGP addressing configured for this tunnel
     */
    public record Tunnel(String id, String customerGatewayId, String customerGatewayIp, Long customerGatewayAsn,
            int preSharedKeyVersion, Ike ike, Ipsec ipsec, Dpd dpd, boolean natTraversal, TunnelBgp bgp,
            HealthCheck healthCheck) {
    }

    /**
     * @param localId  nullable: the tunnel's gateway IP (assigned by tunnel-service)
     * @param remoteId nullable: the customer gateway's IP
     */
    public record Ike(String version, String mode, String encryption, String integrity, String dhGroup,
            int lifetimeSeconds, String localId, String remoteId) {
    }

    /** @param dhGroup {@code disabled} means no PFS */
    public record Ipsec(String encryption, String integrity, String dhGroup, int lifetimeSeconds) {
    }

    public record Dpd(boolean enabled, String action, int intervalSeconds, int timeoutSeconds) {
    }

    public record TunnelBgp(String tunnelCidr, String localBgpIp) {
    }

    /** destinationIp and sourceIp are nullable while the check is disabled. */
    public record HealthCheck(boolean enabled, String destinationIp, String sourceIp, int intervalSeconds,
            int retries, boolean switchRoute) {
    }

    /** A cross-account authorization (REQ-MOD-005). payer: {@code cen-owner} | {@code vpn-owner}. */
    public record Grant(String peerAccountId, String cenInstanceId, String payer) {
    }
}
