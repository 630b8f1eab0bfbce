package io.vpnplane.agent.crypto;

import java.security.SecureRandom;

/** Where an IKE engine gets a fresh ephemeral key pair for each KE payload it sends. */
@FunctionalInterface
public interface KeyExchangeSource {

    /** A key pair never handed out before. */
    KeyExchange next(DiffieHellmanGroup group);

    /** Generates each key pair when asked, on the caller's thread (deterministic for virtual-time tests). */
    static KeyExchangeSource generateOnDemand(SecureRandom random) {
        return group -> group.newKeyExchange(random);
    }
}
