package io.vpnplane.agent.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Finite-field Diffie-Hellman over the Oakley / RFC 3526 safe primes with generator 2. */
final class ModpKeyExchange implements KeyExchange {

    static final BigInteger GENERATOR = BigInteger.TWO;

    // RFC 2409 §6.1 (group 1), §6.2 (group 2); RFC 3526 §2 (group 5), §3 (group 14).
    private static final BigInteger PRIME_768 = hex(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
            + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
            + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF");
    private static final BigInteger PRIME_1024 = hex(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
            + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
            + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF");
    private static final BigInteger PRIME_1536 = hex(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
            + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
            + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
            + "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
            + "9ED529077096966D670C354E4ABC9804F1746C08CA237327FFFFFFFFFFFFFFFF");
    private static final BigInteger PRIME_2048 = hex(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
            + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
            + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
            + "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
            + "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
            + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
            + "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF");

    private final DiffieHellmanGroup group;
    private final BigInteger prime;
    private final BigInteger privateExponent;
    private final byte[] publicValue;

    private ModpKeyExchange(DiffieHellmanGroup group, BigInteger privateExponent) {
        this.group = group;
        this.prime = prime(group);
        this.privateExponent = privateExponent;
        this.publicValue = Octets.unsignedFixedLength(GENERATOR.modPow(privateExponent, prime),
                group.publicValueLength());
    }

    static ModpKeyExchange generate(DiffieHellmanGroup group, SecureRandom random) {
        // RFC 3526 §8: an exponent of twice the group's strength suffices; a full-length exponent would
        // cost four to eight times more per exchange for no security gain.
        int bits = exponentBits(group);
        BigInteger exponent;
        do {
            exponent = new BigInteger(bits, random);
        } while (exponent.bitLength() < bits - 8);
        return new ModpKeyExchange(group, exponent);
    }

    static ModpKeyExchange fromPrivateKey(DiffieHellmanGroup group, byte[] privateKey) {
        return new ModpKeyExchange(group, new BigInteger(1, privateKey));
    }

    static BigInteger prime(DiffieHellmanGroup group) {
        return switch (group) {
            case MODP_768 -> PRIME_768;
            case MODP_1024 -> PRIME_1024;
            case MODP_1536 -> PRIME_1536;
            case MODP_2048 -> PRIME_2048;
            default -> throw new IllegalArgumentException(group + " is not a MODP group");
        };
    }

    private static int exponentBits(DiffieHellmanGroup group) {
        return switch (group) {
            case MODP_768, MODP_1024, MODP_1536 -> 256;
            case MODP_2048 -> 320;
            default -> throw new IllegalArgumentException(group + " is not a MODP group");
        };
    }

    @Override
    public DiffieHellmanGroup group() {
        return group;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peerPublicValue) throws InvalidKeyExchangeValueException {
        group.requirePublicValueLength(peerPublicValue);
        BigInteger y = new BigInteger(1, peerPublicValue);
        // 1 and p-1 generate subgroups of order 1 and 2: the secret would be predictable.
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(prime.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidKeyExchangeValueException(group + " public value outside 1 < y < p-1");
        }
        return Octets.unsignedFixedLength(y.modPow(privateExponent, prime), group.sharedSecretLength());
    }

    private static BigInteger hex(String digits) {
        return new BigInteger(digits, 16);
    }
}
