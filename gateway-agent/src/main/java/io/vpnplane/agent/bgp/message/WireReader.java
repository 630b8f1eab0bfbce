package io.vpnplane.agent.bgp.message;

/**
 * A bounds-checked view over part of a byte array. Every read checks the remaining length and
 * fails with the error the caller chose for "this field is shorter than it claims", so length
 * fields in received messages are never trusted.
 */
final class WireReader {

    private final byte[] bytes;
    private final int end;
    private final BgpError truncationError;
    private int position;

    WireReader(byte[] bytes, int offset, int length, BgpError truncationError) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("view outside the array");
        }
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
        this.truncationError = truncationError;
    }

    int remaining() {
        return end - position;
    }

    int position() {
        return position;
    }

    private void require(int count, String what) throws BgpDecodeException {
        if (count < 0 || count > remaining()) {
            throw new BgpDecodeException(truncationError, what + " needs " + count + " octets, " + remaining() + " left");
        }
    }

    int u8(String what) throws BgpDecodeException {
        require(1, what);
        return bytes[position++] & 0xff;
    }

    int u16(String what) throws BgpDecodeException {
        require(2, what);
        int value = ((bytes[position] & 0xff) << 8) | (bytes[position + 1] & 0xff);
        position += 2;
        return value;
    }

    long u32(String what) throws BgpDecodeException {
        return i32(what) & 0xffff_ffffL;
    }

    int i32(String what) throws BgpDecodeException {
        require(4, what);
        int value = ((bytes[position] & 0xff) << 24) | ((bytes[position + 1] & 0xff) << 16)
                | ((bytes[position + 2] & 0xff) << 8) | (bytes[position + 3] & 0xff);
        position += 4;
        return value;
    }

    byte[] bytes(int count, String what) throws BgpDecodeException {
        require(count, what);
        byte[] copy = new byte[count];
        System.arraycopy(bytes, position, copy, 0, count);
        position += count;
        return copy;
    }

    /** A sub-reader over the next {@code count} octets, which this reader skips. */
    WireReader slice(int count, BgpError error, String what) throws BgpDecodeException {
        require(count, what);
        WireReader slice = new WireReader(bytes, position, count, error);
        position += count;
        return slice;
    }

    /**
     * Reads one prefix in the RFC 4271 (length, prefix) encoding. A length above 32 or a prefix
     * running past the end are both the caller's error.
     */
    Ipv4Prefix prefix(String what) throws BgpDecodeException {
        int length = u8(what);
        if (length > 32) {
            throw new BgpDecodeException(truncationError, what + " has prefix length " + length);
        }
        int octets = (length + 7) / 8;
        require(octets, what);
        int address = 0;
        for (int i = 0; i < 4; i++) {
            address <<= 8;
            if (i < octets) {
                address |= bytes[position + i] & 0xff;
            }
        }
        position += octets;
        return new Ipv4Prefix(address, length);
    }
}
