package io.vpnplane.agent.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * ECDH over NIST P-256 / P-384 (RFC 5903): public value x | y, shared secret x, both padded to the
 * field length. Uses the JDK's constant-time SunEC implementation.
 */
final class EcpKeyExchange implements KeyExchange {

    private final DiffieHellmanGroup group;
    private final ECParameterSpec parameters;
    private final ECPrivateKey privateKey;
    private final byte[] publicValue;

    private EcpKeyExchange(DiffieHellmanGroup group, ECParameterSpec parameters, ECPrivateKey privateKey,
            byte[] publicValue) {
        this.group = group;
        this.parameters = parameters;
        this.privateKey = privateKey;
        this.publicValue = publicValue;
    }

    static EcpKeyExchange generate(DiffieHellmanGroup group, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curveName(group)), random);
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
            ECPrivateKey privateKey = (ECPrivateKey) pair.getPrivate();
            return new EcpKeyExchange(group, privateKey.getParams(), privateKey,
                    encode(group, publicKey.getW().getAffineX(), publicKey.getW().getAffineY()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate " + curveName(group) + " keys", e);
        }
    }

    static EcpKeyExchange fromPrivateKey(DiffieHellmanGroup group, byte[] scalar) {
        try {
            ECParameterSpec parameters = parameters(group);
            BigInteger s = new BigInteger(1, scalar);
            ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new ECPrivateKeySpec(s, parameters));
            // The JDK has no public API for s*G; BouncyCastle's curve arithmetic fills that gap here only.
            X9ECParameters curve = CustomNamedCurves.getByName(curveName(group));
            org.bouncycastle.math.ec.ECPoint point = curve.getG().multiply(s).normalize();
            return new EcpKeyExchange(group, parameters, privateKey, encode(group,
                    point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable " + group + " private key", e);
        }
    }

    private static ECParameterSpec parameters(DiffieHellmanGroup group) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curveName(group)));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    private static String curveName(DiffieHellmanGroup group) {
        return switch (group) {
            case ECP_256 -> "secp256r1";
            case ECP_384 -> "secp384r1";
            default -> throw new IllegalArgumentException(group + " is not an ECP group");
        };
    }

    private static byte[] encode(DiffieHellmanGroup group, BigInteger x, BigInteger y) {
        int coordinateLength = group.sharedSecretLength();
        return Octets.concat(Octets.unsignedFixedLength(x, coordinateLength),
                Octets.unsignedFixedLength(y, coordinateLength));
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
        int coordinateLength = group.sharedSecretLength();
        BigInteger x = new BigInteger(1, Octets.slice(peerPublicValue, 0, coordinateLength));
        BigInteger y = new BigInteger(1, Octets.slice(peerPublicValue, coordinateLength, coordinateLength));
        requireOnCurve(x, y);
        try {
            ECPublicKey peerKey = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), parameters));
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(privateKey);
            agreement.doPhase(peerKey, true);
            return Octets.unsignedFixedLength(new BigInteger(1, agreement.generateSecret()), coordinateLength);
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyExchangeValueException(group + " key agreement rejected the peer's point", e);
        }
    }

    // RFC 6989 §2.3: a point off the curve could leak the private key (invalid-curve attack). The
    // curves have cofactor 1, so being on the curve and not at infinity is all that is required.
    private void requireOnCurve(BigInteger x, BigInteger y) throws InvalidKeyExchangeValueException {
        BigInteger p = ((ECFieldFp) parameters.getCurve().getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new InvalidKeyExchangeValueException(group + " coordinate not below the field prime");
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.multiply(x).add(parameters.getCurve().getA()).multiply(x)
                .add(parameters.getCurve().getB()).mod(p);
        if (!left.equals(right)) {
            throw new InvalidKeyExchangeValueException(group + " public value is not a point on the curve");
        }
    }
}
