package io.vpnplane.agent.esp;

/** Outcome of processing one received ESP packet. */
public sealed interface InboundResult {

    /**
     * An authenticated, fresh packet, decrypted in place: the inner packet is at
     * {@code buf[payloadOffset, +payloadLength)}.
     */
    record Accepted(int payloadOffset, int payloadLength, int nextHeader, long sequence) implements InboundResult {
    }

    /** A dropped packet; the reason is also counted in the SA's {@link InboundSa.Statistics}. */
    record Dropped(DropReason reason) implements InboundResult {
    }

    enum DropReason {
        /** Too short, wrong alignment, or bad padding length. */
        MALFORMED,
        /** Sequence number already received inside the window (RFC 4303 §3.4.3). */
        REPLAYED,
        /** Sequence number left of the window. */
        TOO_OLD,
        /** ICV mismatch: tampered, wrong key, or not for this SA. */
        AUTHENTICATION_FAILED,
        /** The SA reached its hard lifetime. */
        EXPIRED
    }
}
