package io.vpnplane.agent.ikev1.message;

import java.io.ByteArrayOutputStream;

/** Big-endian writer for ISAKMP encoding. */
final class Writer {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    Writer u8(int value) {
        out.write(value & 0xff);
        return this;
    }

    Writer u16(int value) {
        out.write((value >>> 8) & 0xff);
        out.write(value & 0xff);
        return this;
    }

    Writer u32(long value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
        return this;
    }

    Writer u64(long value) {
        return u32(value >>> 32).u32(value);
    }

    Writer bytes(byte[] value) {
        out.write(value, 0, value.length);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
