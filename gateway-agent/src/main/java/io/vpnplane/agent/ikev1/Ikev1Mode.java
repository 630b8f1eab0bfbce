package io.vpnplane.agent.ikev1;

/** Phase-1 exchange of an IKEv1 tunnel (REQ-TUN-004 {@code ike.mode}); cloud B allows main only (REQ-B-005). */
public enum Ikev1Mode {
    MAIN, AGGRESSIVE
}
