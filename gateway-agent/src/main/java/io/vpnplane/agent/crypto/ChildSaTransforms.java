package io.vpnplane.agent.crypto;

import java.util.Objects;
import java.util.Optional;

/**
 * The transforms negotiated for an ESP CHILD_SA: cipher, integrity (absent with an AEAD) and the PFS
 * group (absent when PFS is disabled, REQ-TUN-005).
 */
public record ChildSaTransforms(EncryptionAlgorithm encryption, Optional<IntegrityAlgorithm> integrity,
        Optional<DiffieHellmanGroup> pfsGroup) {

    public ChildSaTransforms {
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(pfsGroup, "pfsGroup");
        if (encryption.isAead() && integrity.isPresent()) {
            throw new IllegalArgumentException(encryption + " is an AEAD: no integrity transform allowed");
        }
        if (!encryption.isAead() && integrity.isEmpty()) {
            throw new IllegalArgumentException(encryption + " needs an integrity transform");
        }
    }

    /** strongSwan ESP proposal string, e.g. {@code aes128-sha1-modp1024} or {@code aes256gcm16} (no PFS). */
    public String strongSwanProposal() {
        StringBuilder proposal = new StringBuilder(encryption.strongSwanKeyword());
        integrity.ifPresent(i -> proposal.append('-').append(i.strongSwanKeyword()));
        pfsGroup.ifPresent(g -> proposal.append('-').append(g.strongSwanKeyword()));
        return proposal.toString();
    }
}
