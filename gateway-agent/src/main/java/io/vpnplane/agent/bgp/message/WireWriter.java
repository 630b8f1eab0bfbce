package io.vpnplane.agent.bgp.message;

import java.util.Arrays;

/** A growable big-endian byte buffer for encoding messages. */
final class WireWriter {

    private byte[] bytes;
    private int size;

    WireWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    WireWriter u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    WireWriter u16(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    WireWriter u32(long value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    WireWriter bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    WireWriter prefix(Ipv4Prefix prefix) {
        u8(prefix.length());
        int octets = (prefix.length() + 7) / 8;
        for (int i = 0; i < octets; i++) {
            u8(prefix.address() >>> (24 - 8 * i));
        }
        return this;
    }

    /** Overwrites two octets at an earlier position (used to back-fill length fields). */
    void putU16(int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
