package io.vpnplane.agent.ike;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A read-only snapshot of one tunnel for the admin API (REQ-TUN-012). Contains no keys. */
public record TunnelStatus(String id, String ikeSaState, Optional<IkeSaView> ikeSa, List<ChildSaView> childSas,
                           String negotiationStatus, Optional<String> lastError, String peerAddress,
                           Counters counters) {

    public record IkeSaView(String initiatorSpi, String responderSpi, boolean initiator, String algorithms,
                            String localEndpoint, String remoteEndpoint, boolean natDetected,
                            Optional<Instant> establishedAt, Optional<Instant> rekeyAt) {
    }

    public record ChildSaView(String inboundSpi, String outboundSpi, String algorithms, List<String> localSelectors,
                              List<String> remoteSelectors, boolean udpEncapsulated, Instant establishedAt,
                              Instant rekeyAt, Instant expiresAt) {
    }

    public record Counters(long ikeSaEstablished, long ikeSaRekeyed, long childSaEstablished, long childSaRekeyed,
                           long retransmits, long negotiationFailures, long messagesReceived, long messagesSent) {
    }
}
