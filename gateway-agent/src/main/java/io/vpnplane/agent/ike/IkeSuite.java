package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import java.util.Optional;

/** The algorithms negotiated for one IKE SA. */
public record IkeSuite(EncryptionAlgorithm encryption, PseudoRandomFunction prf,
                       Optional<IntegrityAlgorithm> integrity, DiffieHellmanGroup dhGroup) {

    @Override
    public String toString() {
        return encryption.strongSwanKeyword() + integrity.map(i -> "-" + i.strongSwanKeyword()).orElse("")
                + "-" + prf.strongSwanKeyword() + "-" + dhGroup.strongSwanKeyword();
    }
}
