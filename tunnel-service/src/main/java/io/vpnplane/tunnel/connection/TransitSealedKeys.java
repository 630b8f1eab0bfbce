package io.vpnplane.tunnel.connection;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.vpnplane.events.EventJson;

/**
 * Reads the transit-sealed pre-shared keys out of a connection event's JSON: {@code connection.tunnels[].transitSealedPreSharedKey}.
 *
 * <p>The field is tunnel-service's expectation of connection-service (docs/architecture.md, "Secrets"); it is not a
 * component of {@code IpsecConnectionState.Tunnel} yet, so it is read from the raw data rather than the record. Once the
 * record has it, this reader goes away.
 */
public final class TransitSealedKeys {

    public static final String FIELD = "transitSealedPreSharedKey";

    private TransitSealedKeys() {
    }

    /** tunnel id → transit-sealed PSK, for the tunnels that carry one. */
    public static Map<String, String> read(byte[] connectionEventJson) {
        Map<String, String> keys = new HashMap<>();
        try {
            JsonNode tunnels = EventJson.mapper().readTree(connectionEventJson).path("connection").path("tunnels");
            for (JsonNode tunnel : tunnels) {
                JsonNode sealed = tunnel.path(FIELD);
                if (sealed.isTextual() && tunnel.path("id").isTextual()) {
                    keys.put(tunnel.path("id").asText(), sealed.asText());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("connection event data is not JSON", e);
        }
        return keys;
    }
}
