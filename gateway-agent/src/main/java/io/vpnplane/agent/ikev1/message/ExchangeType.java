package io.vpnplane.agent.ikev1.message;

/** ISAKMP exchange types used by IKEv1 (RFC 2408 §3.1, RFC 2409 §5). */
public final class ExchangeType {

    /** Identity Protection: main mode. */
    public static final int MAIN = 2;
    public static final int AGGRESSIVE = 4;
    public static final int INFORMATIONAL = 5;
    public static final int QUICK = 32;

    private ExchangeType() {
    }

    public static String name(int type) {
        return switch (type) {
            case MAIN -> "MAIN_MODE";
            case AGGRESSIVE -> "AGGRESSIVE";
            case INFORMATIONAL -> "INFORMATIONAL";
            case QUICK -> "QUICK_MODE";
            default -> "exchange " + type;
        };
    }
}
