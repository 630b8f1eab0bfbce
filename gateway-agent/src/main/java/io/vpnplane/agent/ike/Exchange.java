package io.vpnplane.agent.ike;

import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.Payload;
import java.util.List;
import java.util.Optional;

/**
 * One request/response exchange that we initiate on an IKE SA (strongSwan calls these tasks). The
 * IKE SA sends them one at a time (window size 1), retransmits, and hands over the response.
 */
interface Exchange {

    ExchangeType type();

    /** The request's payloads (inner payloads of SK, except for IKE_SA_INIT). Called again on a retry. */
    List<Payload> request();

    void onResponse(IkeHeader header, byte[] datagram, List<Payload> payloads);

    /**
     * Whether the request keeps being retransmitted (at the longest interval) after the budget is
     * spent, because something else decides when the peer is dead (DPD for liveness checks).
     */
    default boolean retransmitsUntilAnswered() {
        return false;
    }

    /**
     * The same request for the IKE SA that replaced ours before this one was sent (an IKE SA rekey);
     * empty when it only made sense on the old SA.
     */
    default Optional<Exchange> movedTo(IkeSa replacement) {
        return Optional.empty();
    }

    /** The peer never answered; by default the IKE SA is dead. */
    default void onGiveUp(IkeSa sa) {
        sa.peerDead("peer not responding to " + type());
    }
}
