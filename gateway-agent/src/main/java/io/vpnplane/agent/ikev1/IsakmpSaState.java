package io.vpnplane.agent.ikev1;

import java.time.Instant;

/** The life of one ISAKMP SA; {@link #name()} is what the admin API shows (same names as IKEv2's IKE SA). */
sealed interface IsakmpSaState {

    String name();

    /** Phase 1 under way, before keys exist (the exchange's own {@code Step} says where exactly). */
    record Negotiating() implements IsakmpSaState {
        public String name() {
            return "CONNECTING";
        }
    }

    /** Keys derived, identities being exchanged (main mode messages 5/6, aggressive mode message 3). */
    record Authenticating() implements IsakmpSaState {
        public String name() {
            return "AUTHENTICATING";
        }
    }

    record Established(Instant since) implements IsakmpSaState {
        public String name() {
            return "ESTABLISHED";
        }
    }

    record Closed(String reason) implements IsakmpSaState {
        public String name() {
            return "CLOSED";
        }
    }
}
