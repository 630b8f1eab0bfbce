package io.vpnplane.agent.bgp.message;

/**
 * NOTIFICATION error code and subcode pairs this speaker sends (RFC 4271 section 4.5, RFC 4486
 * Cease subcodes, RFC 6608 FSM subcodes, RFC 7313 route-refresh subcode).
 */
public enum BgpError {
    CONNECTION_NOT_SYNCHRONIZED(1, 1),
    BAD_MESSAGE_LENGTH(1, 2),
    BAD_MESSAGE_TYPE(1, 3),
    OPEN_UNSUPPORTED_VERSION(2, 1),
    OPEN_BAD_PEER_AS(2, 2),
    OPEN_BAD_BGP_IDENTIFIER(2, 3),
    OPEN_UNSUPPORTED_OPTIONAL_PARAMETER(2, 4),
    OPEN_UNACCEPTABLE_HOLD_TIME(2, 6),
    UPDATE_MALFORMED_ATTRIBUTE_LIST(3, 1),
    UPDATE_UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE(3, 2),
    UPDATE_MISSING_WELL_KNOWN_ATTRIBUTE(3, 3),
    UPDATE_ATTRIBUTE_FLAGS_ERROR(3, 4),
    UPDATE_ATTRIBUTE_LENGTH_ERROR(3, 5),
    UPDATE_INVALID_ORIGIN(3, 6),
    UPDATE_INVALID_NEXT_HOP(3, 8),
    UPDATE_OPTIONAL_ATTRIBUTE_ERROR(3, 9),
    UPDATE_INVALID_NETWORK_FIELD(3, 10),
    UPDATE_MALFORMED_AS_PATH(3, 11),
    HOLD_TIMER_EXPIRED(4, 0),
    FSM_UNEXPECTED_IN_OPEN_SENT(5, 1),
    FSM_UNEXPECTED_IN_OPEN_CONFIRM(5, 2),
    FSM_UNEXPECTED_IN_ESTABLISHED(5, 3),
    CEASE_MAX_PREFIXES(6, 1),
    CEASE_ADMINISTRATIVE_SHUTDOWN(6, 2),
    CEASE_PEER_DECONFIGURED(6, 3),
    CEASE_ADMINISTRATIVE_RESET(6, 4),
    CEASE_CONNECTION_REJECTED(6, 5),
    CEASE_CONNECTION_COLLISION(6, 7),
    ROUTE_REFRESH_INVALID_LENGTH(7, 1);

    private final int code;
    private final int subcode;

    BgpError(int code, int subcode) {
        this.code = code;
        this.subcode = subcode;
    }

    public int code() {
        return code;
    }

    public int subcode() {
        return subcode;
    }
}
