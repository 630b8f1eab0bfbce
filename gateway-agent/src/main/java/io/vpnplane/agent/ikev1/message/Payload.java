package io.vpnplane.agent.ikev1.message;

/**
 * An ISAKMP payload that encodes its own body (everything after the 4-byte generic payload header); the
 * message codec writes the generic headers and chains the next-payload fields.
 */
public sealed interface Payload permits SecurityAssociationPayload, KeyExchangePayload, IdentificationPayload,
        HashPayload, NoncePayload, NotificationPayload, DeletePayload, VendorIdPayload, NatDiscoveryPayload,
        UnknownPayload {

    int type();

    byte[] body();
}
