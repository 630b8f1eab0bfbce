package io.vpnplane.events.bgp;

import java.time.Instant;
import java.util.Optional;

import io.vpnplane.events.EventType;

/**
 * The agent saw the session change state. Leaving ESTABLISHED means every route the session learned is withdrawn
 * (REQ-AS-003); the agent need not send a {@link BgpRoutesWithdrawn} for them.
 *
 * @param nodeId       the gateway node running the session
 * @param state        the new FSM state
 * @param peerRouterId the peer's BGP identifier (dotted quad) once the OPEN was received
 * @param reason       why it left ESTABLISHED (NOTIFICATION code, hold timer expiry, tunnel down), when it did
 */
@EventType(value = "io.vpnplane.bgp.session-state-observed", version = 1)
public record BgpSessionStateObserved(
        String sessionId,
        String nodeId,
        BgpFsmState state,
        Optional<String> peerRouterId,
        Optional<String> reason,
        Instant observedAt) implements BgpObservation {
}
