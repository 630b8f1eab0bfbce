package io.vpnplane.agent.bgp.message;

import java.util.List;

/** One BGP-4 message (RFC 4271 section 4) and the framing shared by all of them. */
public sealed interface BgpMessage permits Open, Update, Notification, Keepalive, RouteRefresh {

    int HEADER_LENGTH = 19;
    /** RFC 4271 maximum; extended messages (RFC 8654) are not negotiated by this speaker. */
    int MAX_LENGTH = 4096;

    int TYPE_OPEN = 1;
    int TYPE_UPDATE = 2;
    int TYPE_NOTIFICATION = 3;
    int TYPE_KEEPALIVE = 4;
    int TYPE_ROUTE_REFRESH = 5;

    /** The complete message, header included. */
    byte[] encode(CodecContext context);

    /** A decoded message plus the attribute problems RFC 7606 let us survive (for the log). */
    record Decoded(BgpMessage message, List<String> attributeProblems) {
        public Decoded {
            attributeProblems = List.copyOf(attributeProblems);
        }
    }

    /**
     * Decodes one complete message (header included, as cut by {@link MessageFramer}). Every
     * error that must end the session comes back as a {@link BgpDecodeException} carrying the
     * NOTIFICATION to send; nothing else is thrown for any input.
     */
    static Decoded decode(byte[] message, CodecContext context) throws BgpDecodeException {
        int type = MessageFramer.checkHeader(message, 0, message.length);
        int length = ((message[16] & 0xff) << 8) | (message[17] & 0xff);
        if (length != message.length) {
            throw new BgpDecodeException(BgpError.BAD_MESSAGE_LENGTH, new byte[] {message[16], message[17]},
                    "header length " + length + " but " + message.length + " octets given");
        }
        int bodyLength = length - HEADER_LENGTH;
        return switch (type) {
            case TYPE_OPEN -> new Decoded(Open.decodeBody(new WireReader(message, HEADER_LENGTH, bodyLength,
                    BgpError.BAD_MESSAGE_LENGTH)), List.of());
            case TYPE_UPDATE -> Update.decodeBody(message, HEADER_LENGTH, bodyLength, context);
            case TYPE_NOTIFICATION -> new Decoded(Notification.decodeBody(new WireReader(message, HEADER_LENGTH,
                    bodyLength, BgpError.BAD_MESSAGE_LENGTH)), List.of());
            case TYPE_KEEPALIVE -> new Decoded(Keepalive.INSTANCE, List.of());
            case TYPE_ROUTE_REFRESH -> new Decoded(RouteRefresh.decodeBody(new WireReader(message, HEADER_LENGTH,
                    bodyLength, BgpError.ROUTE_REFRESH_INVALID_LENGTH)), List.of());
            default -> throw new BgpDecodeException(BgpError.BAD_MESSAGE_TYPE, new byte[] {(byte) type},
                    "unknown message type " + type);
        };
    }

    /** Starts a message: marker, a length placeholder and the type. */
    static WireWriter startMessage(int type, int bodySizeHint) {
        WireWriter writer = new WireWriter(HEADER_LENGTH + bodySizeHint);
        for (int i = 0; i < 16; i++) {
            writer.u8(0xff);
        }
        writer.u16(0).u8(type);
        return writer;
    }

    /** Back-fills the length and returns the bytes; refuses to build an oversized message. */
    static byte[] finishMessage(WireWriter writer) {
        if (writer.size() > MAX_LENGTH) {
            throw new IllegalStateException("message of " + writer.size() + " octets exceeds " + MAX_LENGTH);
        }
        writer.putU16(16, writer.size());
        return writer.toByteArray();
    }
}
