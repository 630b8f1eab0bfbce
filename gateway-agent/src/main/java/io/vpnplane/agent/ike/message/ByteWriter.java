package io.vpnplane.agent.ike.message;

import java.io.ByteArrayOutputStream;

/** Big-endian writer for payload encoding, with back-patching of 16-bit length fields. */
final class ByteWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    ByteWriter u8(int value) {
        out.write(value & 0xff);
        return this;
    }

    ByteWriter u16(int value) {
        out.write((value >>> 8) & 0xff);
        out.write(value & 0xff);
        return this;
    }

    ByteWriter u32(long value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
        return this;
    }

    ByteWriter u64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
        return this;
    }

    ByteWriter bytes(byte[] value) {
        out.write(value, 0, value.length);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static void putU16(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 8);
        target[offset + 1] = (byte) value;
    }

    static void putU32(byte[] target, int offset, long value) {
        for (int i = 0; i < 4; i++) {
            target[offset + i] = (byte) (value >>> (24 - 8 * i));
        }
    }
}
