package io.vpnplane.agent.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** X25519 (RFC 7748) as IKEv2 group 31 (RFC 8031): 32-byte little-endian u-coordinates. */
final class X25519KeyExchange implements KeyExchange {

    private static final int LENGTH = 32;
    private static final BigInteger BASE_POINT_U = BigInteger.valueOf(9);

    private final DiffieHellmanGroup group;
    private final PrivateKey privateKey;
    private final byte[] publicValue;

    private X25519KeyExchange(DiffieHellmanGroup group, PrivateKey privateKey, byte[] publicValue) {
        this.group = group;
        this.privateKey = privateKey;
        this.publicValue = publicValue;
    }

    static X25519KeyExchange generate(DiffieHellmanGroup group, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, random);
            KeyPair pair = generator.generateKeyPair();
            return new X25519KeyExchange(group, pair.getPrivate(),
                    littleEndian(((XECPublicKey) pair.getPublic()).getU()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate X25519 keys", e);
        }
    }

    static X25519KeyExchange fromPrivateKey(DiffieHellmanGroup group, byte[] scalar) {
        try {
            PrivateKey privateKey = KeyFactory.getInstance("XDH")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
            // The public value is X25519(k, 9) (RFC 7748 §6.1); the JDK offers no other way to derive it.
            byte[] publicValue = agree(privateKey, BASE_POINT_U);
            return new X25519KeyExchange(group, privateKey, publicValue);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable X25519 private key", e);
        }
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
        byte[] bigEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            bigEndian[i] = peerPublicValue[LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f; // RFC 7748 §5: the top bit of the u-coordinate is ignored
        BigInteger u = new BigInteger(1, bigEndian);
        byte[] secret;
        try {
            secret = agree(privateKey, u);
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyExchangeValueException("X25519 rejected the peer's value", e);
        }
        // RFC 8031 §2.3: an all-zero result means a small-order point; abort the exchange.
        if (Octets.constantTimeEquals(secret, 0, new byte[LENGTH], 0, LENGTH)) {
            throw new InvalidKeyExchangeValueException("X25519 shared secret is all zeros");
        }
        return secret;
    }

    private static byte[] agree(PrivateKey privateKey, BigInteger u) throws GeneralSecurityException {
        PublicKey peer = KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(privateKey);
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }

    private static byte[] littleEndian(BigInteger u) {
        byte[] bigEndian = Octets.unsignedFixedLength(u, LENGTH);
        byte[] result = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            result[i] = bigEndian[LENGTH - 1 - i];
        }
        return result;
    }
}
