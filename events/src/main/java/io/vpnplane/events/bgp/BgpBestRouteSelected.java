package io.vpnplane.events.bgp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.vpnplane.events.EventType;

/**
 * The prefix has a new best path (first path, or a better/different one replaced the previous best).
 *
 * @param prefix           canonical IPv4 prefix; never 0.0.0.0/0 nor overlapping 100.64.0.0/10 (REQ-X-002)
 * @param sessionId        the BGP session whose path won
 * @param pathKind         leased line or IPsec
 * @param ipsecConnectionId the IPsec connection the traffic goes to, for an IPSEC path (routing-service's next hop)
 * @param nextHop          the BGP NEXT_HOP address
 * @param asPath           the winning AS_PATH
 */
@EventType(value = "io.vpnplane.bgp.best-route-selected", version = 1)
public record BgpBestRouteSelected(
        String vpnGatewayId,
        String prefix,
        String sessionId,
        BgpPathKind pathKind,
        Optional<String> ipsecConnectionId,
        String nextHop,
        List<Long> asPath,
        Instant selectedAt) implements BgpBestRouteEvent {
}
