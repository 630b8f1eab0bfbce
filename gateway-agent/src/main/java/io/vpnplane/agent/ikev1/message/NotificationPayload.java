package io.vpnplane.agent.ikev1.message;

import java.nio.ByteBuffer;

/**
 * Notification payload (RFC 2408 §3.14): errors, INITIAL-CONTACT (RFC 2407 §4.6.3.3) and the DPD
 * R-U-THERE / R-U-THERE-ACK of RFC 3706 (SPI = CKY-I | CKY-R, data = 32-bit sequence number).
 */
public record NotificationPayload(long doi, int protocolId, byte[] spi, int notifyType, byte[] data) implements Payload {

    public static final int INVALID_PAYLOAD_TYPE = 1;
    public static final int INVALID_EXCHANGE_TYPE = 7;
    public static final int INVALID_SPI = 11;
    public static final int NO_PROPOSAL_CHOSEN = 14;
    public static final int PAYLOAD_MALFORMED = 16;
    public static final int INVALID_KEY_INFORMATION = 17;
    public static final int INVALID_ID_INFORMATION = 18;
    public static final int AUTHENTICATION_FAILED = 24;
    public static final int INVALID_HASH_INFORMATION = 23;
    public static final int INITIAL_CONTACT = 24578;
    public static final int R_U_THERE = 36136;
    public static final int R_U_THERE_ACK = 36137;

    public NotificationPayload {
        spi = spi.clone();
        data = data.clone();
    }

    public static NotificationPayload of(int protocolId, byte[] spi, int notifyType, byte[] data) {
        return new NotificationPayload(SecurityAssociationPayload.DOI_IPSEC, protocolId, spi, notifyType, data);
    }

    /** R-U-THERE or its ACK for the ISAKMP SA of these cookies. */
    public static NotificationPayload dpd(int notifyType, long initiatorCookie, long responderCookie, int sequence) {
        return of(Proposal.PROTO_ISAKMP, ByteBuffer.allocate(16).putLong(initiatorCookie).putLong(responderCookie).array(),
                notifyType, ByteBuffer.allocate(4).putInt(sequence).array());
    }

    @Override
    public byte[] spi() {
        return spi.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int type() {
        return PayloadType.NOTIFICATION;
    }

    public boolean isError() {
        return notifyType < 8192;
    }

    @Override
    public byte[] body() {
        return new Writer().u32(doi).u8(protocolId).u8(spi.length).u16(notifyType).bytes(spi).bytes(data)
                .toByteArray();
    }

    static NotificationPayload decode(Reader in) throws IsakmpDecodeException {
        long doi = in.u32("notify doi");
        int protocol = in.u8("notify protocol");
        int spiSize = in.u8("notify spi size");
        int type = in.u16("notify type");
        return new NotificationPayload(doi, protocol, in.bytes(spiSize, "notify spi"), type, in.rest());
    }

    /** A readable name for status texts and logs. */
    public static String describe(int notifyType) {
        return switch (notifyType) {
            case INVALID_PAYLOAD_TYPE -> "INVALID_PAYLOAD_TYPE";
            case INVALID_EXCHANGE_TYPE -> "INVALID_EXCHANGE_TYPE";
            case INVALID_SPI -> "INVALID_SPI";
            case NO_PROPOSAL_CHOSEN -> "NO_PROPOSAL_CHOSEN";
            case PAYLOAD_MALFORMED -> "PAYLOAD_MALFORMED";
            case INVALID_KEY_INFORMATION -> "INVALID_KEY_INFORMATION";
            case INVALID_ID_INFORMATION -> "INVALID_ID_INFORMATION";
            case INVALID_HASH_INFORMATION -> "INVALID_HASH_INFORMATION";
            case AUTHENTICATION_FAILED -> "AUTHENTICATION_FAILED";
            case INITIAL_CONTACT -> "INITIAL_CONTACT";
            case R_U_THERE -> "R_U_THERE";
            case R_U_THERE_ACK -> "R_U_THERE_ACK";
            default -> "notify " + notifyType;
        };
    }
}
