package io.vpnplane.agent.bgp.message;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Cuts a TCP byte stream into BGP messages. Checks the marker, the length field (19..4096) and
 * the minimum length of each message type before a single body octet is looked at.
 */
public final class MessageFramer {

    private byte[] buffer = new byte[2 * BgpMessage.MAX_LENGTH];
    private int start;
    private int end;

    /** Appends received bytes. */
    public void feed(ByteBuffer received) {
        int count = received.remaining();
        if (end + count > buffer.length) {
            compactFor(count);
        }
        received.get(buffer, end, count);
        end += count;
    }

    public void feed(byte[] received) {
        feed(ByteBuffer.wrap(received));
    }

    private void compactFor(int count) {
        int pending = end - start;
        byte[] target = pending + count > buffer.length ? new byte[Math.max(buffer.length * 2, pending + count)] : buffer;
        System.arraycopy(buffer, start, target, 0, pending);
        buffer = target;
        start = 0;
        end = pending;
    }

    /** The next complete message, header included, or empty when more bytes are needed. */
    public Optional<byte[]> next() throws BgpDecodeException {
        int pending = end - start;
        if (pending < BgpMessage.HEADER_LENGTH) {
            return Optional.empty();
        }
        checkHeader(buffer, start, pending);
        int length = ((buffer[start + 16] & 0xff) << 8) | (buffer[start + 17] & 0xff);
        if (pending < length) {
            return Optional.empty();
        }
        byte[] message = Arrays.copyOfRange(buffer, start, start + length);
        start += length;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return Optional.of(message);
    }

    /** Validates marker, length and type-specific minimum length; returns the type. */
    static int checkHeader(byte[] bytes, int offset, int available) throws BgpDecodeException {
        if (available < BgpMessage.HEADER_LENGTH) {
            throw new BgpDecodeException(BgpError.BAD_MESSAGE_LENGTH, "message shorter than its header");
        }
        for (int i = 0; i < 16; i++) {
            if (bytes[offset + i] != (byte) 0xff) {
                throw new BgpDecodeException(BgpError.CONNECTION_NOT_SYNCHRONIZED, "marker is not all ones");
            }
        }
        int length = ((bytes[offset + 16] & 0xff) << 8) | (bytes[offset + 17] & 0xff);
        int type = bytes[offset + 18] & 0xff;
        int minimum = switch (type) {
            case BgpMessage.TYPE_OPEN -> 29;
            case BgpMessage.TYPE_UPDATE -> 23;
            case BgpMessage.TYPE_NOTIFICATION -> 21;
            case BgpMessage.TYPE_KEEPALIVE -> 19;
            case BgpMessage.TYPE_ROUTE_REFRESH -> 23;
            default -> throw new BgpDecodeException(BgpError.BAD_MESSAGE_TYPE, new byte[] {(byte) type}, "unknown message type " + type);
        };
        boolean exact = type == BgpMessage.TYPE_KEEPALIVE;
        if (length < minimum || length > BgpMessage.MAX_LENGTH || (exact && length != minimum)) {
            throw new BgpDecodeException(BgpError.BAD_MESSAGE_LENGTH, new byte[] {bytes[offset + 16], bytes[offset + 17]},
                    "length " + length + " invalid for message type " + type);
        }
        return type;
    }
}
