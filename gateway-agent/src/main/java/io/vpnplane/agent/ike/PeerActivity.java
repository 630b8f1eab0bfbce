package io.vpnplane.agent.ike;

import java.time.Instant;
import java.util.Optional;

/**
 * What the ESP data plane knows about a peer: when it last received an authenticated ESP packet on a
 * tunnel. Dead peer detection counts it as hearing from the peer, so a busy tunnel is never probed.
 * Called on the engine's thread; implementations must be thread-safe reads.
 */
@FunctionalInterface
public interface PeerActivity {

    PeerActivity NONE = tunnelId -> Optional.empty();

    Optional<Instant> lastEspReceived(String tunnelId);
}
