package io.vpnplane.events.connection;

import java.util.Map;
import java.util.Optional;

/**
 * A customer gateway (the on-premises device) as other services see it. {@code asn} is empty when the gateway
 * has none (then BGP cannot be enabled on its tunnels, REQ-CGW-004). ipAddress and asn never change.
 */
public record CustomerGatewayState(String id, String accountId, String name, String ipAddress, Optional<Long> asn,
        String description, Map<String, String> tags) {
}
