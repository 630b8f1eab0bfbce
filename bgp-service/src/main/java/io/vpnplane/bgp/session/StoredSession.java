package io.vpnplane.bgp.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.vpnplane.bgp.rib.PathKind;
import io.vpnplane.events.bgp.BgpFsmState;

/**
 * A BGP session as bgp-service knows it: its configuration and the state its gateway node last reported.
 *
 * @param advertisedPrefixes what the cloud side announces on it
 * @param state              the FSM state last observed (IDLE until the node reports)
 */
public record StoredSession(
        SessionSpec spec,
        String name,
        Optional<String> nodeId,
        List<String> advertisedPrefixes,
        Instant createdAt,
        Instant updatedAt,
        BgpFsmState state,
        Optional<String> peerRouterId,
        Optional<String> stateReason,
        Optional<Instant> stateObservedAt) {

    public StoredSession {
        advertisedPrefixes = List.copyOf(advertisedPrefixes);
    }

    public boolean established() {
        return state == BgpFsmState.ESTABLISHED;
    }

    public PathKind kind() {
        return spec.kind();
    }
}
