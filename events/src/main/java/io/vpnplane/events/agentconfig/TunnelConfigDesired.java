package io.vpnplane.events.agentconfig;

import java.util.List;
import java.util.Optional;

import io.vpnplane.events.EventType;

/**
 * Everything the agent on {@code nodeId} needs to run one tunnel, resolved (defaults applied, ids filled in), with the
 * pre-shared key sealed to that node. A new record with a higher {@code configVersion} replaces the previous one
 * (REQ-MOD-003: one tunnel's record changes, no other); when the tunnel moves to another node, the new record names
 * the new node and the old node drops the tunnel because it is no longer its own.
 *
 * @param accountId          the owning account
 * @param configVersion      1, 2, 3… per tunnel; the agent reports the version it runs ({@code TunnelConfigApplied})
 * @param nodeId             the node that must run the tunnel
 * @param zone               the node's zone
 * @param gatewayIp          the local (cloud-side) IKE/ESP address, one of the node's gateway addresses
 * @param customerGatewayIp  the peer's address
 * @param startAction        {@code start} (negotiate at once) or {@code trap} (on first traffic) — REQ-CONN-008 —
 *                           or {@code none} (never initiate, only answer the peer: REQ-B-004 response-only)
 * @param trafficSelectors   what the CHILD SA protects (REQ-CONN-005)
 * @param bgp                present when BGP runs over this tunnel (REQ-TUN-008, REQ-GW-003)
 * @param preSharedKey       the PSK, sealed to {@code nodeId}'s public key; never in plain text
 */
@EventType(value = "io.vpnplane.agent-config.tunnel-desired", version = 1)
public record TunnelConfigDesired(
        String tunnelId,
        String connectionId,
        String accountId,
        long configVersion,
        String nodeId,
        String zone,
        String gatewayIp,
        String customerGatewayIp,
        String startAction,
        Ike ike,
        Ipsec ipsec,
        Dpd dpd,
        boolean natTraversal,
        TrafficSelectors trafficSelectors,
        Optional<Bgp> bgp,
        HealthCheck healthCheck,
        SealedSecret preSharedKey) implements AgentConfigEvent {

    /**
     * Phase 1 (REQ-TUN-004).
     *
     * @param version  {@code ikev1} | {@code ikev2}
     * @param mode     {@code main} | {@code aggressive}
     * @param localId  the resolved local identity (default: the gateway IP)
     * @param remoteId the resolved remote identity (default: the customer gateway IP)
     */
    public record Ike(String version, String mode, String encryption, String integrity, String dhGroup, int lifetimeSeconds,
                      String localId, String remoteId) {
    }

    /** Phase 2 (REQ-TUN-005); {@code dhGroup} {@code disabled} means no PFS. */
    public record Ipsec(String encryption, String integrity, String dhGroup, int lifetimeSeconds) {
    }

    /** REQ-TUN-006 / REQ-B-003; {@code action} {@code restart} | {@code hold} | {@code clear}. */
    public record Dpd(boolean enabled, String action, int intervalSeconds, int timeoutSeconds) {
    }

    /**
     * @param local  cloud-side CIDRs; {@code 0.0.0.0/0} for a destination-routed (route-based) connection
     * @param remote on-premises CIDRs; {@code 0.0.0.0/0} for a destination-routed connection
     */
    public record TrafficSelectors(List<String> local, List<String> remote) {
    }

    /**
     * @param tunnelCidr the /30 inside 169.254.0.0/16 (REQ-TUN-008)
     * @param localIp    the cloud side's address in it
     * @param peerIp     the other host address of the /30
     * @param peerAsn    the customer gateway's ASN, when it has one (REQ-CGW-004)
     */
    public record Bgp(String tunnelCidr, String localIp, String peerIp, long localAsn, Optional<Long> peerAsn) {
    }

    /** REQ-TUN-011; addresses are present while enabled; {@code intervalMillis} when below a second was asked for. */
    public record HealthCheck(boolean enabled, Optional<String> destinationIp, Optional<String> sourceIp, int intervalSeconds,
                              int retries, boolean switchRoute, Optional<Integer> intervalMillis) {

        /** An interval in whole seconds (the seeds' unit). */
        public HealthCheck(boolean enabled, Optional<String> destinationIp, Optional<String> sourceIp, int intervalSeconds,
                           int retries, boolean switchRoute) {
            this(enabled, destinationIp, sourceIp, intervalSeconds, retries, switchRoute, Optional.empty());
        }

        /** The probe interval: {@code intervalMillis} when given, else {@code intervalSeconds}. */
        public int effectiveIntervalMillis() {
            return intervalMillis.orElse(intervalSeconds * 1000);
        }
    }
}
