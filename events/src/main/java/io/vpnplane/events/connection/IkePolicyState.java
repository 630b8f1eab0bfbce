package io.vpnplane.events.connection;

/**
 * A Neutron VPNaaS IKE policy (REQ-B-005): the phase 1 settings a site connection takes when it is created, in
 * Neutron's spellings ({@code sha256}, {@code aes-128}, {@code main}, {@code v1}, {@code group14}).
 */
public record IkePolicyState(String id, String accountId, String name, String description, String authAlgorithm,
        String encryptionAlgorithm, String phase1NegotiationMode, String ikeVersion, String pfs,
        int lifetimeSeconds) {
}
