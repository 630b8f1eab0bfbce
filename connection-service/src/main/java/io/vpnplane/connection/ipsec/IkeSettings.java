package io.vpnplane.connection.ipsec;

import java.util.Optional;

/**
 * Phase 1 (REQ-TUN-004). An empty {@code localId} means "the tunnel's gateway IP", an empty {@code remoteId}
 * "the customer gateway's IP": both stay derived, so they follow a change of gateway or customer gateway.
 */
public record IkeSettings(
        IkeVersion version,
        NegotiationMode mode,
        EncryptionAlgorithm encryption,
        IntegrityAlgorithm integrity,
        DhGroup dhGroup,
        int lifetimeSeconds,
        Optional<String> localId,
        Optional<String> remoteId) {

    public static final int MAX_LIFETIME_SECONDS = 86_400;

    public static IkeSettings defaults() {
        return new IkeSettings(IkeVersion.IKEV2, NegotiationMode.MAIN, EncryptionAlgorithm.AES,
                IntegrityAlgorithm.SHA1, DhGroup.GROUP2, MAX_LIFETIME_SECONDS, Optional.empty(), Optional.empty());
    }
}
