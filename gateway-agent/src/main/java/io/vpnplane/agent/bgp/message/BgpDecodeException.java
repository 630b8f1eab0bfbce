package io.vpnplane.agent.bgp.message;

/**
 * A received message is malformed in a way that ends the session (RFC 4271 section 6, RFC 7606
 * "session reset"). Carries the NOTIFICATION to send back. Checked on purpose, so that no
 * malformed input can escape as an unchecked exception into the speaker's event loop.
 */
public final class BgpDecodeException extends Exception {

    private final BgpError error;
    private final byte[] data;

    public BgpDecodeException(BgpError error, String message) {
        this(error, new byte[0], message);
    }

    public BgpDecodeException(BgpError error, byte[] data, String message) {
        super(message, null, false, false);
        this.error = error;
        this.data = data.clone();
    }

    public BgpError error() {
        return error;
    }

    /** The NOTIFICATION data field RFC 4271 asks for with this error (may be empty). */
    public byte[] data() {
        return data.clone();
    }

    public Notification toNotification() {
        return Notification.of(error, data);
    }
}
