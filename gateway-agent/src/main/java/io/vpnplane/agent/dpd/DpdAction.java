package io.vpnplane.agent.dpd;

/** What to do when the peer is declared dead (REQ-TUN-006, REQ-B-003). */
public enum DpdAction {
    /** Delete the IKE SA and its CHILD_SAs and renegotiate at once (seed A behaviour). */
    RESTART,
    /** Delete the SAs but keep the tunnel configured; renegotiate on traffic or when the peer initiates. */
    HOLD,
    /** Delete the SAs and stay down. */
    CLEAR
}
