package io.vpnplane.agent.ikev1.message;

/** ISAKMP payload type numbers (RFC 2408 §3.1, NAT-D of RFC 3947 §3.2). */
public final class PayloadType {

    public static final int NONE = 0;
    public static final int SECURITY_ASSOCIATION = 1;
    public static final int PROPOSAL = 2;
    public static final int TRANSFORM = 3;
    public static final int KEY_EXCHANGE = 4;
    public static final int IDENTIFICATION = 5;
    public static final int HASH = 8;
    public static final int NONCE = 10;
    public static final int NOTIFICATION = 11;
    public static final int DELETE = 12;
    public static final int VENDOR_ID = 13;
    public static final int NAT_DISCOVERY = 20;

    private PayloadType() {
    }
}
