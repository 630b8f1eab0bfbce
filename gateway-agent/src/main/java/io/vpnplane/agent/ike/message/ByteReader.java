package io.vpnplane.agent.ike.message;

import java.util.Arrays;

/** A bounds-checked cursor over a slice of bytes; every read verifies the remaining length first. */
final class ByteReader {

    private final byte[] data;
    private int position;
    private final int limit;

    ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    private ByteReader(byte[] data, int offset, int limit) {
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

    private void require(int count, String what) throws IkeDecodeException {
        if (count < 0 || count > remaining()) {
            throw new IkeDecodeException(IkeDecodeException.Kind.TRUNCATED,
                    what + ": need " + count + " bytes, " + remaining() + " left");
        }
    }

    int u8(String what) throws IkeDecodeException {
        require(1, what);
        return data[position++] & 0xff;
    }

    int u16(String what) throws IkeDecodeException {
        require(2, what);
        int value = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
        position += 2;
        return value;
    }

    long u32(String what) throws IkeDecodeException {
        require(4, what);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (data[position + i] & 0xff);
        }
        position += 4;
        return value;
    }

    long u64(String what) throws IkeDecodeException {
        require(8, what);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (data[position + i] & 0xff);
        }
        position += 8;
        return value;
    }

    byte[] bytes(int count, String what) throws IkeDecodeException {
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
    ByteReader slice(int count, String what) throws IkeDecodeException {
        require(count, what);
        ByteReader slice = new ByteReader(data, position, position + count);
        position += count;
        return slice;
    }

    void expectEnd(String what) throws IkeDecodeException {
        if (remaining() != 0) {
            throw new IkeDecodeException(IkeDecodeException.Kind.BAD_LENGTH,
                    what + ": " + remaining() + " unexpected trailing bytes");
        }
    }
}
