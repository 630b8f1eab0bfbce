package io.vpnplane.events.connection;

/**
 * A Neutron VPNaaS IPsec policy (REQ-B-006): the phase 2 settings a site connection takes when it is created, in
 * Neutron's spellings ({@code esp}, {@code tunnel}, {@code sha1}, {@code aes-256}, {@code group5}).
 */
public record IpsecPolicyState(String id, String accountId, String name, String description,
        String transformProtocol, String authAlgorithm, String encapsulationMode, String encryptionAlgorithm,
        String pfs, int lifetimeSeconds) {
}
