package io.vpnplane.agent.dpd;

import java.util.function.Consumer;

/**
 * Implemented by the IKE engine for one tunnel. Called on the scheduler's thread (the engine's event
 * loop), so it may touch engine state directly.
 */
public interface DeadPeerHandler {

    /**
     * Sends a liveness check: an empty INFORMATIONAL request with IKEv2 (RFC 7296 §2.4), R-U-THERE with
     * IKEv1 (RFC 3706). Called after each {@code interval} of silence; if a check is still outstanding
     * the engine keeps retransmitting it instead of starting another one.
     */
    void sendLivenessCheck();

    /**
     * The peer was silent for the whole DPD timeout. {@link DpdAction#RESTART}: delete the IKE SA and
     * its CHILD_SAs and initiate again; {@link DpdAction#HOLD}: delete them, keep the configuration
     * and initiate on traffic or accept the peer's initiation; {@link DpdAction#CLEAR}: delete them
     * and stay down.
     */
    void peerDead(DpdAction action);

    /** A handler from its two actions. */
    static DeadPeerHandler of(Runnable sendLivenessCheck, Consumer<DpdAction> peerDead) {
        return new DeadPeerHandler() {
            @Override
            public void sendLivenessCheck() {
                sendLivenessCheck.run();
            }

            @Override
            public void peerDead(DpdAction action) {
                peerDead.accept(action);
            }
        };
    }
}
