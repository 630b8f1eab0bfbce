package io.vpnplane.agent.ikev1.message;

import java.util.Arrays;

/** A bounds-checked cursor: every read checks the remaining length first, so length fields are never trusted. */
final class Reader {

    private final byte[] data;
    private int position;
    private final int limit;

    Reader(byte[] data) {
        this(data, 0, data.length);
    }

    private Reader(byte[] data, int offset, int limit) {
        this.data = data;
        this.position = offset;
        this.limit = limit;
    }

    int remaining() {
        return limit - position;
    }

    int position() {
        return position;
    }

    private void require(int count, String what) throws IsakmpDecodeException {
        if (count < 0 || count > remaining()) {
            throw new IsakmpDecodeException(what + ": need " + count + " bytes, " + remaining() + " left");
        }
    }

    int u8(String what) throws IsakmpDecodeException {
        require(1, what);
        return data[position++] & 0xff;
    }

    int u16(String what) throws IsakmpDecodeException {
        require(2, what);
        int value = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
        position += 2;
        return value;
    }

    long u32(String what) throws IsakmpDecodeException {
        require(4, what);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (data[position + i] & 0xff);
        }
        position += 4;
        return value;
    }

    long u64(String what) throws IsakmpDecodeException {
        long high = u32(what);
        return (high << 32) | u32(what);
    }

    byte[] bytes(int count, String what) throws IsakmpDecodeException {
        require(count, what);
        byte[] out = Arrays.copyOfRange(data, position, position + count);
        position += count;
        return out;
    }

    byte[] rest() {
        byte[] out = Arrays.copyOfRange(data, position, limit);
        position = limit;
        return out;
    }

    /** Splits off the next {@code count} bytes as their own reader and skips them here. */
    Reader slice(int count, String what) throws IsakmpDecodeException {
        require(count, what);
        Reader slice = new Reader(data, position, position + count);
        position += count;
        return slice;
    }
}
