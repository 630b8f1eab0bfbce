package io.vpnplane.events.connection;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration of an IPsec connection, as the REST API shows it, minus plain pre-shared keys, plus what
 * consumers need without asking (the customer gateways' IP and ASN per tunnel, the account). Optional fields
 * are left out of the JSON when empty.
 *
 * @param gatewayType {@code public} | {@code private}
 * @param tunnelMode  {@code dual} (2 tunnels) | {@code single} (1 tunnel)
 * @param routingMode {@code destination} | {@code policy}
 * @param localCidrs  cloud-side CIDR blocks; empty unless routingMode is {@code policy}
 * @param remoteCidrs on-premises CIDR blocks; empty unless routingMode is {@code policy}
 * @param initiator   {@code bi-directional} (negotiate as effectImmediately says) | {@code response-only} (never
 *                    initiate, only answer the peer; REQ-B-004); empty in events written before it existed, which
 *                    means {@code bi-directional}
 * @param neutron     present when the connection was created or changed as a Neutron VPNaaS site connection
 *                    ({@code /v2.0/vpn/ipsec-site-connections}, issue 10)
 */
public record IpsecConnectionState(
        String id,
        String accountId,
        String name,
        Optional<String> resourceGroupId,
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
        List<Grant> grants,
        Optional<String> initiator,
        Optional<Neutron> neutron) {

    /** A connection of the native API only: bi-directional, no Neutron attributes. */
    public IpsecConnectionState(String id, String accountId, String name, Optional<String> resourceGroupId,
            Map<String, String> tags, Attachment attachment, String gatewayType, String tunnelMode, String routingMode,
            List<String> localCidrs, List<String> remoteCidrs, boolean effectImmediately, Bgp bgp, Advanced advanced,
            List<Tunnel> tunnels, List<Grant> grants) {
        this(id, accountId, name, resourceGroupId, tags, attachment, gatewayType, tunnelMode, routingMode, localCidrs,
                remoteCidrs, effectImmediately, bgp, advanced, tunnels, grants, Optional.empty(), Optional.empty());
    }

    /**
     * @param type            {@code none} | {@code vpn-gateway} | {@code transit-router}
     * @param vpnGatewayId    present with {@code vpn-gateway}
     * @param cenInstanceId   present with {@code transit-router}
     * @param transitRouterId present with {@code transit-router}
     */
    public record Attachment(String type, Optional<String> vpnGatewayId, Optional<String> cenInstanceId,
            Optional<String> transitRouterId, Optional<String> zone) {
    }

    public record Bgp(boolean enabled, long localAsn) {
    }

    public record Advanced(boolean autoAdvertiseRoutes, boolean autoAssociateDefaultRouteTable,
            boolean autoPropagateToDefaultRouteTable) {
    }

    /**
     * @param customerGatewayAsn  empty: the customer gateway has no ASN
     * @param preSharedKeyVersion       starts at 1, +1 at every key change; the plain key never travels in events
     * @param bgp                       empty: no BGP addressing configured for this tunnel
     * @param transitSealedPreSharedKey the key sealed with the transit key, for tunnel-service only
     *                                  ({@link io.vpnplane.events.secret.TransitKey}: AES-256-GCM, associated data
     *                                  {@code id + "/" + preSharedKeyVersion}); empty in events written before
     *                                  connection-service sealed keys
     */
    public record Tunnel(String id, String customerGatewayId, String customerGatewayIp,
            Optional<Long> customerGatewayAsn, int preSharedKeyVersion, Ike ike, Ipsec ipsec, Dpd dpd,
            boolean natTraversal, Optional<TunnelBgp> bgp,
            HealthCheck healthCheck, Optional<String> transitSealedPreSharedKey) {
    }

    /**
     * @param version  {@code ikev1} | {@code ikev2}
     * @param mode     {@code main} | {@code aggressive} (IKEv1 only)
     * @param localId  empty: the tunnel's gateway IP (assigned by tunnel-service)
     * @param remoteId empty: the customer gateway's IP
     */
    public record Ike(String version, String mode, String encryption, String integrity, String dhGroup,
            int lifetimeSeconds, Optional<String> localId, Optional<String> remoteId) {
    }

    /** @param dhGroup {@code disabled} means no PFS */
    public record Ipsec(String encryption, String integrity, String dhGroup, int lifetimeSeconds) {
    }

    /** @param action {@code restart} | {@code hold} | {@code clear} */
    public record Dpd(boolean enabled, String action, int intervalSeconds, int timeoutSeconds) {
    }

    public record TunnelBgp(String tunnelCidr, String localBgpIp) {
    }

    /**
     * destinationIp and sourceIp are present whenever the check is enabled. {@code intervalMillis} is present when the
     * interval was given in milliseconds (below one second for fast failover, beyond the seeds); then
     * {@code intervalSeconds} is that interval rounded up, for readers that know only seconds.
     */
    public record HealthCheck(boolean enabled, Optional<String> destinationIp, Optional<String> sourceIp,
            int intervalSeconds,
            int retries, boolean switchRoute, Optional<Integer> intervalMillis) {

        public HealthCheck(boolean enabled, Optional<String> destinationIp, Optional<String> sourceIp, int intervalSeconds,
                int retries, boolean switchRoute) {
            this(enabled, destinationIp, sourceIp, intervalSeconds, retries, switchRoute, Optional.empty());
        }
    }

    /**
     * What only the Neutron API shows: the site connection's description and the ids of the policies and endpoint
     * groups its settings were taken from. A policy id is dropped when the tunnel's settings stop matching what
     * the policy gave (changed through the native API), an endpoint group id when the CIDRs change.
     */
    public record Neutron(String description, Optional<String> ikePolicyId, Optional<String> ipsecPolicyId,
            Optional<String> localEndpointGroupId, Optional<String> peerEndpointGroupId) {
    }

    /** A cross-account authorization (REQ-MOD-005). payer: {@code cen-owner} | {@code vpn-owner}. */
    public record Grant(String peerAccountId, String cenInstanceId, String payer) {
    }
}
