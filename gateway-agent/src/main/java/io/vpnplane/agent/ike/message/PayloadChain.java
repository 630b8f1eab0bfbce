package io.vpnplane.agent.ike.message;

import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes a chain of payloads linked by their generic headers' next-payload fields. */
public final class PayloadChain {

    private static final int CRITICAL = 0x80;

    private PayloadChain() {
    }

    /** The encoded chain; the last payload's next field is 0 unless it is SK (then: first inner type). */
    public static byte[] encode(List<Payload> payloads) {
        ByteWriter out = new ByteWriter();
        for (int i = 0; i < payloads.size(); i++) {
            Payload payload = payloads.get(i);
            if (payload instanceof EncryptedPayload && i != payloads.size() - 1) {
                throw new IllegalArgumentException("SK must be the last payload");
            }
            int next = i + 1 < payloads.size() ? payloads.get(i + 1).type()
                    : payload instanceof EncryptedPayload sk ? sk.firstInnerType() : PayloadType.NONE;
            byte[] body = payload.body();
            if (body.length + 4 > 0xffff) {
                throw new IllegalArgumentException("payload too long: " + body.length);
            }
            out.u8(next).u8(payload.critical() ? CRITICAL : 0).u16(body.length + 4).bytes(body);
        }
        return out.toByteArray();
    }

    public static int firstType(List<Payload> payloads) {
        return payloads.isEmpty() ? PayloadType.NONE : payloads.getFirst().type();
    }

    /** Decodes the plaintext of an SK payload, whose first payload type came from the SK header. */
    public static List<Payload> decode(int firstType, byte[] data) throws IkeDecodeException {
        ByteReader in = new ByteReader(data);
        List<Payload> payloads = decode(firstType, in);
        in.expectEnd("payload chain");
        return payloads;
    }

    static List<Payload> decode(int firstType, ByteReader in) throws IkeDecodeException {
        List<Payload> payloads = new ArrayList<>();
        int type = firstType;
        while (type != PayloadType.NONE) {
            int next = in.u8("payload next");
            boolean critical = (in.u8("payload flags") & CRITICAL) != 0;
            int length = in.u16("payload length");
            if (length < 4) {
                throw new IkeDecodeException(IkeDecodeException.Kind.BAD_LENGTH, "payload length " + length);
            }
            ByteReader body = in.slice(length - 4, "payload " + type);
            if (type == PayloadType.ENCRYPTED) {
                if (in.remaining() != 0) {
                    throw new IkeDecodeException(IkeDecodeException.Kind.MALFORMED, "SK is not the last payload");
                }
                payloads.add(new EncryptedPayload(next, body.rest()));
                return payloads;
            }
            payloads.add(decodeBody(type, critical, body));
            body.expectEnd("payload " + type);
            type = next;
        }
        return payloads;
    }

    private static Payload decodeBody(int type, boolean critical, ByteReader body) throws IkeDecodeException {
        return switch (type) {
            case PayloadType.SECURITY_ASSOCIATION -> SecurityAssociationPayload.decode(body);
            case PayloadType.KEY_EXCHANGE -> KeyExchangePayload.decode(body);
            case PayloadType.IDENTIFICATION_INITIATOR -> IdentificationPayload.decode(true, body);
            case PayloadType.IDENTIFICATION_RESPONDER -> IdentificationPayload.decode(false, body);
            case PayloadType.AUTHENTICATION -> AuthenticationPayload.decode(body);
            case PayloadType.NONCE -> NoncePayload.decode(body);
            case PayloadType.NOTIFY -> NotifyPayload.decode(body);
            case PayloadType.DELETE -> DeletePayload.decode(body);
            case PayloadType.VENDOR_ID -> new VendorIdPayload(body.rest());
            case PayloadType.TRAFFIC_SELECTOR_INITIATOR -> TrafficSelectorPayload.decode(true, body);
            case PayloadType.TRAFFIC_SELECTOR_RESPONDER -> TrafficSelectorPayload.decode(false, body);
            case PayloadType.CERTIFICATE, PayloadType.CERTIFICATE_REQUEST, PayloadType.CONFIGURATION,
                 PayloadType.EAP -> new UnknownPayload(type, false, body.rest());
            default -> {
                if (critical) {
                    throw new IkeDecodeException(IkeDecodeException.Kind.UNSUPPORTED_CRITICAL_PAYLOAD, type,
                            "unsupported critical payload " + type);
                }
                yield new UnknownPayload(type, false, body.rest());
            }
        };
    }
}
