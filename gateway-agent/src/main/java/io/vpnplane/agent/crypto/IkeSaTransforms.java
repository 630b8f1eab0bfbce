package io.vpnplane.agent.crypto;

import java.util.Objects;
import java.util.Optional;

/**
 * The four transforms negotiated for an IKE SA. An AEAD cipher comes without integrity, any other
 * cipher requires one (RFC 7296 §3.3.3, RFC 5282 §8).
 */
public record IkeSaTransforms(EncryptionAlgorithm encryption, PseudoRandomFunction prf,
        Optional<IntegrityAlgorithm> integrity, DiffieHellmanGroup group) {

    public IkeSaTransforms {
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(prf, "prf");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(group, "group");
        if (encryption.isAead() && integrity.isPresent()) {
            throw new IllegalArgumentException(encryption + " is an AEAD: no integrity transform allowed");
        }
        if (!encryption.isAead() && integrity.isEmpty()) {
            throw new IllegalArgumentException(encryption + " needs an integrity transform");
        }
    }

    /** A CBC suite whose PRF uses the integrity algorithm's hash, as vpnplane's seed settings define. */
    public static IkeSaTransforms of(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity,
            DiffieHellmanGroup group) {
        return new IkeSaTransforms(encryption, integrity.matchingPrf(), Optional.of(integrity), group);
    }

    /** An AEAD suite. */
    public static IkeSaTransforms aead(EncryptionAlgorithm encryption, PseudoRandomFunction prf,
            DiffieHellmanGroup group) {
        return new IkeSaTransforms(encryption, prf, Optional.empty(), group);
    }

    /** strongSwan IKE proposal string, e.g. {@code aes128-sha1-prfsha1-modp1024} or {@code aes128gcm16-prfsha256-ecp256}. */
    public String strongSwanProposal() {
        StringBuilder proposal = new StringBuilder(encryption.strongSwanKeyword());
        integrity.ifPresent(i -> proposal.append('-').append(i.strongSwanKeyword()));
        return proposal.append('-').append(prf.strongSwanKeyword()).append('-').append(group.strongSwanKeyword())
                .toString();
    }
}
