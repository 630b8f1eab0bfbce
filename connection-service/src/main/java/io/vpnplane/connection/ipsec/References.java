package io.vpnplane.connection.ipsec;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.vpnplane.events.connection.CustomerGatewayState;

/**
 * The other resources of the caller's account that a connection command refers to, loaded before deciding so
 * the decision itself stays a pure function.
 */
public record References(Map<String, CustomerGatewayState> customerGateways, Set<String> vpnGatewayIds) {

    public References {
        customerGateways = Map.copyOf(customerGateways);
        vpnGatewayIds = Set.copyOf(vpnGatewayIds);
    }

    /** The customer gateway ids a connection body names in {@code tunnels[*].customerGatewayId}. */
    public static Set<String> customerGatewayIdsIn(JsonNode connection) {
        Set<String> ids = new HashSet<>();
        JsonNode tunnels = connection.path("tunnels");
        if (tunnels.isArray()) {
            tunnels.forEach(t -> {
                JsonNode id = t.path("customerGatewayId");
                if (id.isTextual()) {
                    ids.add(id.textValue());
                }
            });
        }
        return ids;
    }

    /** The VPN gateway id a connection body names in {@code attachment.vpnGatewayId}, if any. */
    public static Set<String> vpnGatewayIdsIn(JsonNode connection) {
        JsonNode id = connection.path("attachment").path("vpnGatewayId");
        return id.isTextual() ? Set.of(id.textValue()) : Set.of();
    }
}
