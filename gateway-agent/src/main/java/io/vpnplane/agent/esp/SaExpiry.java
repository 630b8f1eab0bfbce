package io.vpnplane.agent.esp;

/** Why an SA reached a lifetime limit. */
public enum SaExpiry {
    BYTES,
    PACKETS,
    AGE,
    /** The 32-bit sequence counter is about to cycle (RFC 4303 §3.3.3: the SA must be replaced first). */
    SEQUENCE_EXHAUSTED
}
