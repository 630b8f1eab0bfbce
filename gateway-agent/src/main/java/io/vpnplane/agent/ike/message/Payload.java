package io.vpnplane.agent.ike.message;

/**
 * One IKEv2 payload. Each record knows its type number and encodes its own body (everything after
 * the 4-byte generic payload header); {@link PayloadChain} writes the generic headers and decodes
 * bodies back into these records.
 */
public sealed interface Payload permits SecurityAssociationPayload, KeyExchangePayload,
        IdentificationPayload, AuthenticationPayload, NoncePayload, NotifyPayload, DeletePayload,
        TrafficSelectorPayload, EncryptedPayload, VendorIdPayload, UnknownPayload {

    int type();

    byte[] body();

    /** Only unknown payloads carry a critical bit of their own; ours are always understood. */
    default boolean critical() {
        return false;
    }
}
