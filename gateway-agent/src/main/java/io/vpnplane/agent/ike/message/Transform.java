package io.vpnplane.agent.ike.message;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** One transform substructure (RFC 7296 §3.3.2); only the Key Length attribute is defined for IKEv2. */
public record Transform(int transformType, int transformId, OptionalInt keyLength) {

    public static final int TYPE_ENCRYPTION = 1;
    public static final int TYPE_PRF = 2;
    public static final int TYPE_INTEGRITY = 3;
    public static final int TYPE_DH = 4;
    public static final int TYPE_ESN = 5;

    private static final int ATTRIBUTE_KEY_LENGTH = 14;
    private static final int ATTRIBUTE_FORMAT_TV = 0x8000;

    public static Transform of(int type, int id) {
        return new Transform(type, id, OptionalInt.empty());
    }

    public static Transform of(int type, int id, int keyLengthBits) {
        return new Transform(type, id, OptionalInt.of(keyLengthBits));
    }

    void encode(ByteWriter out, boolean last) {
        int length = 8 + (keyLength.isPresent() ? 4 : 0);
        out.u8(last ? 0 : 3).u8(0).u16(length).u8(transformType).u8(0).u16(transformId);
        keyLength.ifPresent(bits -> out.u16(ATTRIBUTE_FORMAT_TV | ATTRIBUTE_KEY_LENGTH).u16(bits));
    }

    /** Decodes one transform; returns whether it claimed to be the last one. */
    static boolean decode(ByteReader in, List<Transform> into) throws IkeDecodeException {
        int lastMarker = in.u8("Transform last");
        if (lastMarker != 0 && lastMarker != 3) {
            throw new IkeDecodeException(IkeDecodeException.Kind.MALFORMED, "Transform marker " + lastMarker);
        }
        in.u8("Transform reserved");
        int length = in.u16("Transform length");
        if (length < 8) {
            throw new IkeDecodeException(IkeDecodeException.Kind.BAD_LENGTH, "Transform length " + length);
        }
        ByteReader body = in.slice(length - 4, "Transform body");
        int type = body.u8("Transform type");
        body.u8("Transform reserved");
        int id = body.u16("Transform id");
        OptionalInt keyLength = OptionalInt.empty();
        List<Integer> unknownAttributes = new ArrayList<>();
        while (body.remaining() > 0) {
            int attributeType = body.u16("Attribute type");
            if ((attributeType & ATTRIBUTE_FORMAT_TV) != 0) {
                int value = body.u16("Attribute value");
                if ((attributeType & 0x7fff) == ATTRIBUTE_KEY_LENGTH) {
                    keyLength = OptionalInt.of(value);
                } else {
                    unknownAttributes.add(attributeType & 0x7fff);
                }
            } else {
                int valueLength = body.u16("Attribute length");
                body.bytes(valueLength, "Attribute value");
                unknownAttributes.add(attributeType);
            }
        }
        if (!unknownAttributes.isEmpty()) {
            // RFC 7296 §3.3.6: a transform with an unrecognised attribute must be rejected, which
            // we do by giving it an id no negotiation will ever select.
            id = -1;
        }
        into.add(new Transform(type, id, keyLength));
        return lastMarker == 0;
    }
}
