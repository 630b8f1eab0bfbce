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

    /** Replaced by a rekeyed IKE SA; lives until the DELETE exchange for it completes. */
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
