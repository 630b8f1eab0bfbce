package io.vpnplane.agent.ike;

import java.time.Instant;

/** The life of one IKE SA; {@link #name()} is what the admin API shows. */
public sealed interface IkeSaState {

    String name();

    /** Initiator: IKE_SA_INIT sent, waiting for the answer (possibly after INVALID_KE or COOKIE). */
    record Connecting() implements IkeSaState {
        public String name() {
            return "CONNECTING";
        }
    }

    /** Keys exist; IKE_AUTH sent (initiator) or awaited (responder). */
    record Authenticating() implements IkeSaState {
        public String name() {
            return "AUTHENTICATING";
        }
    }

    record Established(Instant since) implements IkeSaState {
        public String name() {
            return "ESTABLISHED";
        }
    }

    /**
     * Our rekey of this SA is outstanding and the peer's rekey of it crossed ours (RFC 7296 §2.8.2):
     * both new SAs exist or will, the nonces decide which survives. Until then this SA still carries
     * the tunnel, established since {@code since}.
     */
    record Contending(Instant since) implements IkeSaState {
        public String name() {
            return "CONTENDING";
        }
    }

    /**
     * The new SA from the peer's rekey that crossed ours: keyed and reachable (the peer may already
     * use or delete it), but not carrying the tunnel until the collision is decided.
     */
    record Candidate() implements IkeSaState {
        public String name() {
            return "CANDIDATE";
        }
    }

    /**
     * Replaced by a rekeyed IKE SA, or the redundant one of a rekey collision; lives until the DELETE
     * exchange for it completes.
     */
    record Rekeyed() implements IkeSaState {
        public String name() {
            return "REKEYED";
        }
    }

    /** Our DELETE is outstanding. */
    record Deleting() implements IkeSaState {
        public String name() {
            return "DELETING";
        }
    }

    record Closed(String reason) implements IkeSaState {
        public String name() {
            return "CLOSED";
        }
    }
}
