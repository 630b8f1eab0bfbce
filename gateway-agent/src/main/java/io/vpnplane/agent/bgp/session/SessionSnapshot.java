package io.vpnplane.agent.bgp.session;

import java.util.Optional;

/** A consistent view of one session for the admin API and the agent's status reports. */
public record SessionSnapshot(String id, String peerAddress, long localAs, long peerAs, SessionState state,
                              Optional<String> peerRouterId, int negotiatedHoldSeconds, boolean fourOctetAs,
                              int learnedPrefixes, int advertisedPrefixes, long droppedOverLimit, Optional<String> lastError) {
}
