package io.vpnplane.agent.ike.message;

/** IKEv2 payload type numbers (RFC 7296 §3.2); kept as ints because unknown types must round-trip. */
public final class PayloadType {

    public static final int NONE = 0;
    public static final int SECURITY_ASSOCIATION = 33;
    public static final int KEY_EXCHANGE = 34;
    public static final int IDENTIFICATION_INITIATOR = 35;
    public static final int IDENTIFICATION_RESPONDER = 36;
    public static final int CERTIFICATE = 37;
    public static final int CERTIFICATE_REQUEST = 38;
    public static final int AUTHENTICATION = 39;
    public static final int NONCE = 40;
    public static final int NOTIFY = 41;
    public static final int DELETE = 42;
    public static final int VENDOR_ID = 43;
    public static final int TRAFFIC_SELECTOR_INITIATOR = 44;
    public static final int TRAFFIC_SELECTOR_RESPONDER = 45;
    public static final int ENCRYPTED = 46;
    public static final int CONFIGURATION = 47;
    public static final int EAP = 48;

    private PayloadType() {
    }
}
