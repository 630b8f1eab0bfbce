package io.vpnplane.events.bgp;

import java.time.Instant;
import java.util.List;

import io.vpnplane.events.EventType;

/**
 * An UPDATE (or several, batched) announced these paths on an ESTABLISHED session; a path for a prefix the session
 * already had replaces it (implicit withdrawal, RFC 4271 §3.1).
 */
@EventType(value = "io.vpnplane.bgp.routes-learned", version = 1)
public record BgpRoutesLearned(String sessionId, String nodeId, List<BgpPath> paths, Instant observedAt)
        implements BgpObservation {
}
