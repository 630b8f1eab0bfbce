package io.vpnplane.agent.ike;

import io.vpnplane.agent.dpd.DeadPeerDetector;
import io.vpnplane.agent.dpd.DpdEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A read-only snapshot of one tunnel for the admin API (REQ-TUN-012). Contains no keys. */
public record TunnelStatus(String id, String ikeSaState, Optional<IkeSaView> ikeSa, List<ChildSaView> childSas,
                           String negotiationStatus, Optional<String> lastError, Optional<DpdView> dpd,
                           String peerAddress, Counters counters) {

    /** Dead peer detection (REQ-TUN-006): empty when disabled. History: deaths and recoveries, oldest first. */
    public record DpdView(String state, long intervalSeconds, long timeoutSeconds, String action,
                          Optional<Instant> lastHeard, long livenessChecksSent, List<DpdHistoryEntry> history) {

        /** The detector's state as the admin API shows it, for IKEv2 and IKEv1 tunnels alike. */
        public static DpdView of(DeadPeerDetector d, Instant lastHeard) {
            return new DpdView(d.state().name(), d.policy().interval().toSeconds(), d.policy().timeout().toSeconds(),
                    d.policy().action().name(), Optional.of(lastHeard).filter(t -> t.isAfter(Instant.EPOCH)),
                    d.livenessChecksSent(), d.history().stream().map(e -> switch (e) {
                        case DpdEvent.PeerDead dead -> new DpdHistoryEntry("PEER_DEAD", dead.at(),
                                Optional.of(dead.lastHeard()).filter(t -> t.isAfter(Instant.EPOCH)),
                                Optional.of(dead.action().name()), Optional.empty());
                        case DpdEvent.PeerRecovered recovered -> new DpdHistoryEntry("PEER_RECOVERED",
                                recovered.at(), Optional.empty(), Optional.empty(),
                                Optional.of(recovered.downFor().toSeconds()));
                    }).toList());
        }
    }

    /** {@code event} is PEER_DEAD (with lastHeard and action) or PEER_RECOVERED (with downForSeconds). */
    public record DpdHistoryEntry(String event, Instant at, Optional<Instant> lastHeard, Optional<String> action,
                                  Optional<Long> downForSeconds) {
    }

    public record IkeSaView(String initiatorSpi, String responderSpi, boolean initiator, String algorithms,
                            String localEndpoint, String remoteEndpoint, boolean natDetected,
                            Optional<Instant> establishedAt, Optional<Instant> rekeyAt) {
    }

    public record ChildSaView(String inboundSpi, String outboundSpi, String algorithms, List<String> localSelectors,
                              List<String> remoteSelectors, boolean udpEncapsulated, Instant establishedAt,
                              Instant rekeyAt, Instant expiresAt) {
    }

    /**
     * {@code ikeSaRekeyCollisions}: IKE SA rekeys that crossed one of the peer's (RFC 7296 §2.8.2), as
     * this end noticed them; always 0 for IKEv1.
     */
    public record Counters(long ikeSaEstablished, long ikeSaRekeyed, long ikeSaRekeyCollisions,
                           long childSaEstablished, long childSaRekeyed, long retransmits, long negotiationFailures,
                           long messagesReceived, long messagesSent) {
    }
}
