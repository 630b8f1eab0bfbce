package io.vpnplane.agent.crypto;

/**
 * One side of one Diffie-Hellman exchange: holds an ephemeral private key, gives the public value for
 * the KE payload and computes g^ir from the peer's value. Not thread-safe; use it for one exchange.
 */
public sealed interface KeyExchange permits ModpKeyExchange, EcpKeyExchange, X25519KeyExchange {

    DiffieHellmanGroup group();

    /** This side's public value, exactly {@link DiffieHellmanGroup#publicValueLength()} bytes (a copy). */
    byte[] publicValue();

    /**
     * Validates the peer's public value and computes the shared secret g^ir
     * ({@link DiffieHellmanGroup#sharedSecretLength()} bytes).
     *
     * @throws InvalidKeyExchangeValueException if the value has the wrong length, is out of range
     *         (MODP: not 1 &lt; y &lt; p-1), not on the curve (ECP), or yields the all-zero secret (X25519)
     */
    byte[] sharedSecret(byte[] peerPublicValue) throws InvalidKeyExchangeValueException;
}
