package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.CbcCipher;
import io.vpnplane.agent.crypto.GcmCipher;
import io.vpnplane.agent.crypto.IntegrityChecker;
import io.vpnplane.agent.crypto.Prf;
import io.vpnplane.agent.ike.message.EncryptedPayload;
import io.vpnplane.agent.ike.message.IkeDecodeException;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.IkeMessage;
import io.vpnplane.agent.ike.message.Payload;
import io.vpnplane.agent.ike.message.PayloadChain;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;

/**
 * The keys of one IKE SA (RFC 7296 §2.14) and the SK payload protection built on them (§3.14 for
 * CBC + HMAC, RFC 5282 for AES-GCM). Works on one event-loop thread only.
 */
final class IkeSaKeys {

    private static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);

    private final IkeSuite suite;
    private final byte[] skD;
    private final byte[] skPi;
    private final byte[] skPr;
    private final Direction initiatorToResponder;
    private final Direction responderToInitiator;
    private final SecureRandom random;

    /** One direction's cipher and integrity instances (not shareable, hence one per direction). */
    private record Direction(CbcCipher cbc, GcmCipher gcm, IntegrityChecker integrity, long[] ivCounter) {
    }

    private IkeSaKeys(IkeSuite suite, byte[] keyMaterial, SecureRandom random) {
        this.suite = suite;
        this.random = random;
        ByteBuffer in = ByteBuffer.wrap(keyMaterial);
        int prfKey = suite.prf().preferredKeyLength();
        int integKey = suite.integrity().map(i -> i.keyLength()).orElse(0);
        int encKey = suite.encryption().keyMaterialLength();
        skD = take(in, prfKey);
        byte[] skAi = take(in, integKey);
        byte[] skAr = take(in, integKey);
        byte[] skEi = take(in, encKey);
        byte[] skEr = take(in, encKey);
        skPi = take(in, prfKey);
        skPr = take(in, prfKey);
        initiatorToResponder = direction(skEi, skAi);
        responderToInitiator = direction(skEr, skAr);
    }

    private Direction direction(byte[] encryptionKey, byte[] integrityKey) {
        var cipher = suite.encryption().newCipher(encryptionKey);
        return new Direction(cipher instanceof CbcCipher cbc ? cbc : null,
                cipher instanceof GcmCipher gcm ? gcm : null,
                suite.integrity().map(i -> i.newChecker(integrityKey)).orElse(null),
                new long[] {random.nextLong()});
    }

    private static byte[] take(ByteBuffer in, int length) {
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    static int keyMaterialLength(IkeSuite suite) {
        return 3 * suite.prf().preferredKeyLength() + 2 * suite.integrity().map(i -> i.keyLength()).orElse(0)
                + 2 * suite.encryption().keyMaterialLength();
    }

    /** Keys for a new IKE SA from IKE_SA_INIT: SKEYSEED = prf(Ni | Nr, g^ir). */
    static IkeSaKeys fromInitialExchange(IkeSuite suite, byte[] sharedSecret, byte[] nonceI, byte[] nonceR,
                                         long spiI, long spiR, SecureRandom random) {
        Prf prf = suite.prf().newPrf();
        byte[] skeyseed = prf.compute(concat(nonceI, nonceR), sharedSecret);
        return expand(suite, prf, skeyseed, nonceI, nonceR, spiI, spiR, random);
    }

    /** Keys for a rekeyed IKE SA: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), RFC 7296 §2.18. */
    IkeSaKeys rekeyed(IkeSuite newSuite, byte[] sharedSecret, byte[] nonceI, byte[] nonceR, long spiI, long spiR) {
        byte[] skeyseed = suite.prf().newPrf().compute(skD, sharedSecret, nonceI, nonceR);
        return expand(newSuite, newSuite.prf().newPrf(), skeyseed, nonceI, nonceR, spiI, spiR, random);
    }

    private static IkeSaKeys expand(IkeSuite suite, Prf prf, byte[] skeyseed, byte[] nonceI, byte[] nonceR,
                                    long spiI, long spiR, SecureRandom random) {
        byte[] seed = ByteBuffer.allocate(nonceI.length + nonceR.length + 16).put(nonceI).put(nonceR)
                .putLong(spiI).putLong(spiR).array();
        return new IkeSaKeys(suite, prf.prfPlus(skeyseed, seed, keyMaterialLength(suite)), random);
    }

    IkeSuite suite() {
        return suite;
    }

    /** CHILD_SA KEYMAT = prf+(SK_d, [g^ir (new)] | Ni | Nr), RFC 7296 §2.17. */
    ChildSaKeys childKeys(ChildSuite child, byte[] sharedSecret, byte[] nonceI, byte[] nonceR, boolean weInitiated) {
        int enc = child.encryption().keyMaterialLength();
        int integ = child.integrity().map(i -> i.keyLength()).orElse(0);
        byte[] keymat = suite.prf().newPrf().prfPlus(skD, concat(sharedSecret, concat(nonceI, nonceR)),
                2 * (enc + integ));
        ByteBuffer in = ByteBuffer.wrap(keymat);
        byte[] encI = take(in, enc);
        byte[] integI = take(in, integ);
        byte[] encR = take(in, enc);
        byte[] integR = take(in, integ);
        return weInitiated ? new ChildSaKeys(encR, integR, encI, integI) : new ChildSaKeys(encI, integI, encR, integR);
    }

    /**
     * PSK AUTH data: prf(prf(PSK, "Key Pad for IKEv2"), message | peer nonce | prf(SK_p, RestOfID)),
     * RFC 7296 §2.15. {@code forInitiator} selects SK_pi (initiator's AUTH) or SK_pr.
     */
    byte[] sharedKeyAuth(PreSharedKey psk, boolean forInitiator, byte[] ikeSaInitMessage, byte[] peerNonce,
                         byte[] restOfIdPayload) {
        Prf prf = suite.prf().newPrf();
        byte[] macedId = prf.compute(forInitiator ? skPi : skPr, restOfIdPayload);
        byte[] keyPad = prf.compute(psk.bytes(), KEY_PAD);
        return prf.compute(keyPad, ikeSaInitMessage, peerNonce, macedId);
    }

    /** Encodes a message whose only payload is SK around {@code inner}, encrypted and integrity-protected. */
    byte[] protect(IkeHeader header, List<Payload> inner, boolean senderIsOriginalInitiator) {
        Direction direction = senderIsOriginalInitiator ? initiatorToResponder : responderToInitiator;
        byte[] plain = PayloadChain.encode(inner);
        int firstType = PayloadChain.firstType(inner);
        if (direction.gcm != null) {
            return protectGcm(header, plain, firstType, direction);
        }
        int block = direction.cbc.blockSize();
        int padLength = block - 1 - plain.length % block;
        byte[] padded = Arrays.copyOf(plain, plain.length + padLength + 1);
        padded[padded.length - 1] = (byte) padLength;
        int icvLength = direction.integrity.icvLength();
        byte[] body = new byte[block + padded.length + icvLength];
        byte[] iv = new byte[block];
        random.nextBytes(iv);
        System.arraycopy(iv, 0, body, 0, block);
        direction.cbc.encrypt(iv, 0, padded, 0, padded.length, body, block);
        byte[] datagram = new IkeMessage(header, List.of(new EncryptedPayload(firstType, body))).encode();
        direction.integrity.computeIcv(datagram, 0, datagram.length - icvLength, datagram, datagram.length - icvLength);
        return datagram;
    }

    private byte[] protectGcm(IkeHeader header, byte[] plain, int firstType, Direction direction) {
        byte[] padded = Arrays.copyOf(plain, plain.length + 1);
        int ivLength = direction.gcm.ivLength();
        int icvLength = direction.gcm.icvLength();
        byte[] body = new byte[ivLength + padded.length + icvLength];
        // A per-direction counter (randomly started) never repeats an IV under one key.
        long counter = direction.ivCounter[0]++;
        ByteBuffer.wrap(body).putLong(counter);
        byte[] datagram = new IkeMessage(header, List.of(new EncryptedPayload(firstType, body))).encode();
        int bodyOffset = datagram.length - body.length;
        direction.gcm.seal(body, 0, datagram, 0, bodyOffset, padded, 0, padded.length, datagram, bodyOffset + ivLength);
        return datagram;
    }

    /** Verifies and decrypts the SK payload of {@code message} (decoded from {@code datagram}). */
    List<Payload> unprotect(byte[] datagram, IkeMessage message, boolean senderIsOriginalInitiator)
            throws IkeDecodeException {
        EncryptedPayload sk = message.first(EncryptedPayload.class).orElseThrow(() -> new IkeDecodeException(
                IkeDecodeException.Kind.MALFORMED, "expected an SK payload"));
        Direction direction = senderIsOriginalInitiator ? initiatorToResponder : responderToInitiator;
        byte[] body = sk.protectedData();
        int bodyOffset = datagram.length - body.length;
        byte[] padded;
        if (direction.gcm != null) {
            int ivLength = direction.gcm.ivLength();
            if (body.length < ivLength + direction.gcm.icvLength() + 1) {
                throw new IkeDecodeException(IkeDecodeException.Kind.TRUNCATED, "SK payload too short");
            }
            padded = new byte[body.length - ivLength - direction.gcm.icvLength()];
            try {
                direction.gcm.open(body, 0, datagram, 0, bodyOffset, body, ivLength, body.length - ivLength, padded, 0);
            } catch (AEADBadTagException e) {
                throw new IkeDecodeException(IkeDecodeException.Kind.INTEGRITY_CHECK_FAILED, "AES-GCM tag mismatch");
            }
        } else {
            int block = direction.cbc.blockSize();
            int icvLength = direction.integrity.icvLength();
            int cipherLength = body.length - block - icvLength;
            if (cipherLength < block || cipherLength % block != 0) {
                throw new IkeDecodeException(IkeDecodeException.Kind.BAD_LENGTH, "SK ciphertext length " + cipherLength);
            }
            if (!direction.integrity.verify(datagram, 0, datagram.length - icvLength, datagram,
                    datagram.length - icvLength)) {
                throw new IkeDecodeException(IkeDecodeException.Kind.INTEGRITY_CHECK_FAILED, "ICV mismatch");
            }
            padded = new byte[cipherLength];
            direction.cbc.decrypt(body, 0, body, block, cipherLength, padded, 0);
        }
        int padLength = padded[padded.length - 1] & 0xff;
        if (padLength + 1 > padded.length) {
            throw new IkeDecodeException(IkeDecodeException.Kind.MALFORMED, "SK pad length " + padLength);
        }
        return PayloadChain.decode(sk.firstInnerType(), Arrays.copyOf(padded, padded.length - padLength - 1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
