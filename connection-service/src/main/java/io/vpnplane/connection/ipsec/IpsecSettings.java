package io.vpnplane.connection.ipsec;

/** Phase 2 (REQ-TUN-005). A {@code dhGroup} other than {@code disabled} means PFS at every rekey. */
public record IpsecSettings(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity, DhGroup dhGroup,
        int lifetimeSeconds) {

    public static IpsecSettings defaults() {
        return new IpsecSettings(EncryptionAlgorithm.AES, IntegrityAlgorithm.SHA1, DhGroup.GROUP2,
                IkeSettings.MAX_LIFETIME_SECONDS);
    }

    public boolean perfectForwardSecrecy() {
        return dhGroup != DhGroup.DISABLED;
    }
}
