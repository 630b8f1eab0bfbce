package io.vpnplane.agent.bgp.message;

import java.util.HexFormat;

/** NOTIFICATION (RFC 4271 section 4.5): sent just before the connection is closed. */
public record Notification(int code, int subcode, byte[] data) implements BgpMessage {

    public Notification {
        data = data.clone();
    }

    public static Notification of(BgpError error) {
        return new Notification(error.code(), error.subcode(), new byte[0]);
    }

    public static Notification of(BgpError error, byte[] data) {
        return new Notification(error.code(), error.subcode(), data);
    }

    public boolean is(BgpError error) {
        return code == error.code() && subcode == error.subcode();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public byte[] encode(CodecContext context) {
        // Data longer than fits is cut: a NOTIFICATION must still go out.
        int room = MAX_LENGTH - HEADER_LENGTH - 2;
        byte[] payload = data.length > room ? java.util.Arrays.copyOf(data, room) : data;
        return BgpMessage.finishMessage(BgpMessage.startMessage(TYPE_NOTIFICATION, 2 + payload.length)
                .u8(code).u8(subcode).bytes(payload));
    }

    static Notification decodeBody(WireReader body) throws BgpDecodeException {
        int code = body.u8("error code");
        int subcode = body.u8("error subcode");
        return new Notification(code, subcode, body.bytes(body.remaining(), "data"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Notification n && n.code == code && n.subcode == subcode && java.util.Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * code + subcode) + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Notification[" + code + "/" + subcode + (data.length == 0 ? "" : " data=" + HexFormat.of().formatHex(data)) + "]";
    }
}
