package io.vpnplane.connection.ipsec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test bodies written as JSON text (single quotes allowed for readability). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static String write(Object value) {
        try {
            return io.vpnplane.events.EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A dual-tunnel connection on customer gateways cgw-a and cgw-b, everything else left to the defaults. */
    static ObjectNode dual() {
        return parse("{'name': 'to-dc', 'tunnels': [{'customerGatewayId': 'cgw-a'}, {'customerGatewayId': 'cgw-b'}]}");
    }
}
