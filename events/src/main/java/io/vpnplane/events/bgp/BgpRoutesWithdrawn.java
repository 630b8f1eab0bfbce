package io.vpnplane.events.bgp;

import java.time.Instant;
import java.util.List;

import io.vpnplane.events.EventType;

/** The peer withdrew these prefixes ({@code a.b.c.d/n}) on an ESTABLISHED session. */
@EventType(value = "io.vpnplane.bgp.routes-withdrawn", version = 1)
public record BgpRoutesWithdrawn(String sessionId, String nodeId, List<String> prefixes, Instant observedAt)
        implements BgpObservation {
}
