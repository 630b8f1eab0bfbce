package io.vpnplane.agent.ike.message;

import java.util.Optional;

/** IKEv2 exchange types (RFC 7296 §3.1). */
public enum ExchangeType {
    IKE_SA_INIT(34),
    IKE_AUTH(35),
    CREATE_CHILD_SA(36),
    INFORMATIONAL(37);

    private final int code;

    ExchangeType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<ExchangeType> fromCode(int code) {
        for (ExchangeType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
