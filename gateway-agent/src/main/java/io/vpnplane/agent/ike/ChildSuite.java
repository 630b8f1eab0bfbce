package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import java.util.Optional;

/** The algorithms negotiated for one CHILD_SA (ESP, tunnel mode, no ESN); pfsGroup when a KE was done. */
public record ChildSuite(EncryptionAlgorithm encryption, Optional<IntegrityAlgorithm> integrity,
                         Optional<DiffieHellmanGroup> pfsGroup) {

    @Override
    public String toString() {
        return encryption.strongSwanKeyword() + integrity.map(i -> "-" + i.strongSwanKeyword()).orElse("")
                + pfsGroup.map(g -> "-" + g.strongSwanKeyword()).orElse("");
    }
}
