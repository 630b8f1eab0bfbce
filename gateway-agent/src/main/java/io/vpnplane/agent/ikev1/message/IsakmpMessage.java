package io.vpnplane.agent.ikev1.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ISAKMP message: header and payloads. Encrypted messages (E flag) are handled through a
 * {@link BodyCipher}: the codec only frames, the exchange owns keys and IV chaining (RFC 2409 App. B).
 */
public record IsakmpMessage(IsakmpHeader header, List<Payload> payloads) {

    /** Encrypts or decrypts the payload chain of one message, updating the IV chain only on success. */
    public interface BodyCipher {
        byte[] encrypt(byte[] plaintext);

        byte[] decrypt(byte[] ciphertext) throws IsakmpDecodeException;
    }

    /**
     * A decoded message with each payload's exact received encoding (generic header included), which the
     * hashes of RFC 2409 are computed over.
     */
    public record Received(IsakmpMessage message, List<byte[]> encodedPayloads) {

        public IsakmpHeader header() {
            return message.header();
        }

        public List<Payload> payloads() {
            return message.payloads();
        }

        /** The encoded payloads after the first one (the HASH payload of a phase-2 message), concatenated. */
        public byte[] afterFirstPayload() {
            Writer out = new Writer();
            encodedPayloads.stream().skip(1).forEach(out::bytes);
            return out.toByteArray();
        }

        /** The body (without generic header) of the first payload of a type, as received. */
        public Optional<byte[]> receivedBody(int type) {
            for (int i = 0; i < encodedPayloads.size(); i++) {
                if (message.payloads().get(i).type() == type) {
                    byte[] encoded = encodedPayloads.get(i);
                    return Optional.of(java.util.Arrays.copyOfRange(encoded, 4, encoded.length));
                }
            }
            return Optional.empty();
        }
    }

    public IsakmpMessage {
        payloads = List.copyOf(payloads);
    }

    public <T extends Payload> Optional<T> first(Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public <T extends Payload> List<T> all(Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The payload chain without the ISAKMP header: generic headers chained, the last one pointing to NONE. */
    public static byte[] encodeChain(List<Payload> payloads) {
        Writer out = new Writer();
        for (int i = 0; i < payloads.size(); i++) {
            byte[] body = payloads.get(i).body();
            int next = i == payloads.size() - 1 ? PayloadType.NONE : payloads.get(i + 1).type();
            out.u8(next).u8(0).u16(body.length + 4).bytes(body);
        }
        return out.toByteArray();
    }

    /** Plain encoding (E flag must be clear). */
    public byte[] encode() {
        if (header.encrypted()) {
            throw new IllegalStateException("use encode(BodyCipher) for an encrypted message");
        }
        return frame(encodeChain(payloads));
    }

    /** Encrypted encoding (E flag must be set): the cipher pads and encrypts the payload chain. */
    public byte[] encode(BodyCipher cipher) {
        if (!header.encrypted()) {
            throw new IllegalStateException("the header of an encrypted message must carry the E flag");
        }
        return frame(cipher.encrypt(encodeChain(payloads)));
    }

    private byte[] frame(byte[] body) {
        Writer out = new Writer().u64(header.initiatorCookie()).u64(header.responderCookie())
                .u8(payloads.isEmpty() ? PayloadType.NONE : payloads.getFirst().type())
                .u8(IsakmpHeader.VERSION_1_0).u8(header.exchangeType()).u8(header.flags()).u32(header.messageId())
                .u32(IsakmpHeader.LENGTH + body.length).bytes(body);
        return out.toByteArray();
    }

    /** The header alone, checked against the datagram length; enough to find the SA and its keys. */
    public static IsakmpHeader decodeHeader(byte[] datagram) throws IsakmpDecodeException {
        Reader in = new Reader(datagram);
        long initiatorCookie = in.u64("initiator cookie");
        long responderCookie = in.u64("responder cookie");
        in.u8("next payload");
        int version = in.u8("version");
        if ((version & 0xf0) != 0x10) {
            throw new IsakmpDecodeException("not ISAKMP version 1: 0x" + Integer.toHexString(version));
        }
        int exchange = in.u8("exchange type");
        int flags = in.u8("flags");
        long messageId = in.u32("message id");
        long length = in.u32("length");
        if (length != datagram.length) {
            throw new IsakmpDecodeException("header length " + length + " but datagram has " + datagram.length);
        }
        return new IsakmpHeader(initiatorCookie, responderCookie, exchange, flags, messageId);
    }

    /** Decodes a plain message; an encrypted one needs {@link #decode(byte[], BodyCipher)}. */
    public static Received decode(byte[] datagram) throws IsakmpDecodeException {
        return decode(datagram, null);
    }

    /**
     * Decodes a message; if its E flag is set the body is first decrypted with {@code cipher}. After the
     * last payload any bytes (the encryption padding) are ignored.
     */
    public static Received decode(byte[] datagram, BodyCipher cipher) throws IsakmpDecodeException {
        IsakmpHeader header = decodeHeader(datagram);
        int first = datagram[16] & 0xff;
        byte[] body = java.util.Arrays.copyOfRange(datagram, IsakmpHeader.LENGTH, datagram.length);
        if (header.encrypted()) {
            if (cipher == null) {
                throw new IsakmpDecodeException("encrypted message but no keys");
            }
            body = cipher.decrypt(body);
        }
        Reader in = new Reader(body);
        List<Payload> payloads = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        int type = first;
        while (type != PayloadType.NONE) {
            int start = in.position();
            int next = in.u8("next payload");
            in.u8("reserved");
            int length = in.u16("payload length");
            if (length < 4) {
                throw new IsakmpDecodeException("payload length " + length + " below 4");
            }
            Reader payloadBody = in.slice(length - 4, "payload " + type);
            payloads.add(decodePayload(type, payloadBody));
            encoded.add(java.util.Arrays.copyOfRange(body, start, start + length));
            type = next;
        }
        if (!header.encrypted() && in.remaining() != 0) {
            throw new IsakmpDecodeException(in.remaining() + " bytes after the last payload");
        }
        return new Received(new IsakmpMessage(header, payloads), encoded);
    }

    private static Payload decodePayload(int type, Reader in) throws IsakmpDecodeException {
        return switch (type) {
            case PayloadType.SECURITY_ASSOCIATION -> SecurityAssociationPayload.decode(in);
            case PayloadType.KEY_EXCHANGE -> new KeyExchangePayload(in.rest());
            case PayloadType.IDENTIFICATION -> IdentificationPayload.decode(in);
            case PayloadType.HASH -> new HashPayload(in.rest());
            case PayloadType.NONCE -> new NoncePayload(in.rest());
            case PayloadType.NOTIFICATION -> NotificationPayload.decode(in);
            case PayloadType.DELETE -> DeletePayload.decode(in);
            case PayloadType.VENDOR_ID -> new VendorIdPayload(in.rest());
            case PayloadType.NAT_DISCOVERY -> new NatDiscoveryPayload(in.rest());
            default -> new UnknownPayload(type, in.rest());
        };
    }
}
