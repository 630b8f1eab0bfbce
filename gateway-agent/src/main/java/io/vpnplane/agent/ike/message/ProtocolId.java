package io.vpnplane.agent.ike.message;

/** Security protocol identifiers used in proposals, notifies and deletes (RFC 7296 §3.3.1). */
public final class ProtocolId {

    public static final int IKE = 1;
    public static final int AH = 2;
    public static final int ESP = 3;

    private ProtocolId() {
    }
}
