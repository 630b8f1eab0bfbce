package io.vpnplane.agent.ikev1.message;

import java.util.Arrays;

/**
 * A data attribute of a transform (RFC 2408 §3.3): basic (TV, a 16-bit value, AF bit set) or variable
 * (TLV). Which form was received is kept so that a re-encoded SA payload is byte-identical.
 */
public record Attribute(int type, boolean basic, byte[] value) {

    public Attribute {
        value = value.clone();
        if (basic && value.length != 2) {
            throw new IllegalArgumentException("a basic attribute has a 2-byte value");
        }
        if (type < 0 || type > 0x7fff) {
            throw new IllegalArgumentException("attribute type out of range: " + type);
        }
    }

    /** A TV attribute. */
    public static Attribute basic(int type, int value) {
        return new Attribute(type, true, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    /** A value that fits 16 bits goes as TV, a larger one as a 4-byte TLV (as life durations need). */
    public static Attribute of(int type, long value) {
        if (value >= 0 && value <= 0xffff) {
            return basic(type, (int) value);
        }
        return new Attribute(type, false, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16),
                (byte) (value >>> 8), (byte) value});
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value as an unsigned number; variable values longer than 8 bytes saturate. */
    public long numeric() {
        if (value.length > 8) {
            return Long.MAX_VALUE;
        }
        long result = 0;
        for (byte b : value) {
            result = (result << 8) | (b & 0xff);
        }
        return result;
    }

    void encode(Writer out) {
        if (basic) {
            out.u16(0x8000 | type).bytes(value);
        } else {
            out.u16(type).u16(value.length).bytes(value);
        }
    }

    static Attribute decode(Reader in) throws IsakmpDecodeException {
        int typeField = in.u16("attribute type");
        if ((typeField & 0x8000) != 0) {
            return new Attribute(typeField & 0x7fff, true, in.bytes(2, "attribute value"));
        }
        int length = in.u16("attribute length");
        return new Attribute(typeField, false, in.bytes(length, "attribute value"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attribute a && a.type == type && a.basic == basic && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Attribute[" + type + "=" + numeric() + "]";
    }
}
