package io.vpnplane.agent.dpd;

import java.time.Duration;
import java.time.Instant;

/** Peer death and recovery, with timestamps, for the admin API now and as events later (REQ-GW-002). */
public sealed interface DpdEvent {

    String tunnelId();

    Instant at();

    /** Nothing heard from the peer since {@code lastHeard}, for longer than the DPD timeout. */
    record PeerDead(String tunnelId, Instant at, Instant lastHeard, DpdAction action) implements DpdEvent {
    }

    /** The peer answered again (an IKE SA was re-established) after being declared dead. */
    record PeerRecovered(String tunnelId, Instant at, Duration downFor) implements DpdEvent {
    }
}
