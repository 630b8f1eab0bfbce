package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.ChildSaTransforms;

import io.vpnplane.agent.crypto.IkeSaTransforms;

import io.vpnplane.agent.crypto.CbcCipher;
import io.vpnplane.agent.crypto.GcmCipher;
import io.vpnplane.agent.crypto.IntegrityChecker;
import io.vpnplane.agent.crypto.Ikev2KeySchedule;
import io.vpnplane.agent.crypto.Ikev2SharedKeyAuthentication;
import io.vpnplane.agent.ike.message.EncryptedPayload;
import io.vpnplane.agent.ike.message.IkeDecodeException;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.IkeMessage;
import io.vpnplane.agent.ike.message.Payload;
import io.vpnplane.agent.ike.message.PayloadChain;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;

/**
 * The keys of one IKE SA (RFC 7296 §2.14) and the SK payload protection built on them (§3.14 for
 * CBC + HMAC, RFC 5282 for AES-GCM). Works on one event-loop thread only.
 */
final class IkeSaProtection {

    private final IkeSaTransforms suite;
    private final io.vpnplane.agent.crypto.IkeSaKeys keys;
    private final Direction initiatorToResponder;
    private final Direction responderToInitiator;
    private final SecureRandom random;

    /** One direction's cipher and integrity instances (not shareable, hence one per direction). */
    private record Direction(CbcCipher cbc, GcmCipher gcm, IntegrityChecker integrity, long[] ivCounter) {
    }

    private IkeSaProtection(io.vpnplane.agent.crypto.IkeSaKeys keys, SecureRandom random) {
        this.suite = keys.transforms();
        this.keys = keys;
        this.random = random;
        initiatorToResponder = direction(keys.skEi(), keys.skAi());
        responderToInitiator = direction(keys.skEr(), keys.skAr());
    }

    private Direction direction(byte[] encryptionKey, byte[] integrityKey) {
        var cipher = suite.encryption().newCipher(encryptionKey);
        return new Direction(cipher instanceof CbcCipher cbc ? cbc : null,
                cipher instanceof GcmCipher gcm ? gcm : null,
                suite.integrity().map(i -> i.newChecker(integrityKey)).orElse(null),
                new long[] {random.nextLong()});
    }

    /** Keys for a new IKE SA from IKE_SA_INIT (RFC 7296 §2.14). */
    static IkeSaProtection fromInitialExchange(IkeSaTransforms suite, byte[] sharedSecret, byte[] nonceI,
                                               byte[] nonceR, long spiI, long spiR, SecureRandom random) {
        return new IkeSaProtection(Ikev2KeySchedule.initialIkeSa(suite, nonceI, nonceR, sharedSecret, spiI, spiR),
                random);
    }

    /** Keys for the IKE SA that replaces this one (RFC 7296 §2.18). */
    IkeSaProtection rekeyed(IkeSaTransforms newSuite, byte[] sharedSecret, byte[] nonceI, byte[] nonceR, long spiI,
                            long spiR) {
        return new IkeSaProtection(Ikev2KeySchedule.rekeyedIkeSa(suite.prf(), keys.skD(), newSuite, sharedSecret,
                nonceI, nonceR, spiI, spiR), random);
    }

    IkeSaTransforms suite() {
        return suite;
    }

    /** CHILD_SA keys (RFC 7296 §2.17) from our point of view; {@code weInitiated} the creating exchange. */
    ChildSaKeys childKeys(ChildSaTransforms child, byte[] sharedSecret, byte[] nonceI, byte[] nonceR,
                          boolean weInitiated) {
        var derived = Ikev2KeySchedule.childSa(suite.prf(), keys.skD(), child,
                sharedSecret.length == 0 ? Optional.empty() : Optional.of(sharedSecret), nonceI, nonceR);
        ChildSaKeys initiatorView = new ChildSaKeys(derived.responderEncryption(), derived.responderIntegrity(),
                derived.initiatorEncryption(), derived.initiatorIntegrity());
        return weInitiated ? initiatorView : new ChildSaKeys(derived.initiatorEncryption(),
                derived.initiatorIntegrity(), derived.responderEncryption(), derived.responderIntegrity());
    }

    /**
     * PSK AUTH data (RFC 7296 §2.15) of the initiator ({@code forInitiator}: its IKE_SA_INIT request,
     * the responder's nonce, SK_pi) or of the responder (its response, the initiator's nonce, SK_pr).
     */
    byte[] sharedKeyAuth(PreSharedKey psk, boolean forInitiator, byte[] ikeSaInitMessage, byte[] peerNonce,
                         byte[] restOfIdPayload) {
        byte[] signed = Ikev2SharedKeyAuthentication.signedOctets(suite.prf(), ikeSaInitMessage, peerNonce,
                forInitiator ? keys.skPi() : keys.skPr(), restOfIdPayload);
        return Ikev2SharedKeyAuthentication.authenticationData(suite.prf(), psk.bytes(), signed);
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

}
