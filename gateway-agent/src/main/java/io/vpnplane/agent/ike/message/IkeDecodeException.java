package io.vpnplane.agent.ike.message;

/**
 * A received IKE message could not be decoded. Checked on purpose: every caller must decide
 * between dropping the datagram and answering with a notify, and no malformed input may surface
 * as an unchecked exception that kills the engine's event loop.
 */
public final class IkeDecodeException extends Exception {

    /** Why decoding failed; the engine maps these to "drop" or to an error notify. */
    public enum Kind {
        TRUNCATED,
        BAD_LENGTH,
        UNSUPPORTED_VERSION,
        UNSUPPORTED_CRITICAL_PAYLOAD,
        MALFORMED,
        /** The ICV or AEAD tag of an SK payload did not verify (wrong keys or tampering). */
        INTEGRITY_CHECK_FAILED
    }

    private final Kind kind;
    private final int payloadType;

    public IkeDecodeException(Kind kind, String message) {
        this(kind, 0, message);
    }

    public IkeDecodeException(Kind kind, int payloadType, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.payloadType = payloadType;
    }

    public Kind kind() {
        return kind;
    }

    /** The offending payload type for {@link Kind#UNSUPPORTED_CRITICAL_PAYLOAD}, 0 otherwise. */
    public int payloadType() {
        return payloadType;
    }
}
