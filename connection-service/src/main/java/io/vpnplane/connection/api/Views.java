package io.vpnplane.connection.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.StoredResource;
import io.vpnplane.connection.validation.Warning;
import io.vpnplane.events.EventJson;
import io.vpnplane.events.connection.CustomerGatewayState;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.connection.VpnGatewayState;

/** The API's view of a stored resource: its state as events carry it, minus internals, plus bookkeeping. */
public final class Views {

    private Views() {
    }

    /** @param type the state record, so members come in its order (jsonb keeps its own key order) */
    public static ObjectNode resource(StoredResource stored, Class<? extends Record> type) {
        ObjectNode view = EventJson.mapper().valueToTree(ReadModelQueries.read(stored.state(), type));
        view.remove("accountId");
        view.put("createdAt", stored.createdAt().toString());
        view.put("updatedAt", stored.updatedAt().toString());
        view.put("version", stored.version());
        return view;
    }

    /**
     * A connection: grants have their own endpoint; per tunnel the customer gateway's copied address, the key
     * version and the transit-sealed key (tunnel-service's copy) are internal, and an unset {@code ike.remoteId} shows its effective value, the customer gateway's IP
     * (REQ-TUN-004). An unset {@code ike.localId} stays absent: it is the tunnel's gateway IP, which tunnel-service
     * assigns.
     */
    public static ObjectNode connection(StoredResource stored) {
        ObjectNode view = resource(stored, IpsecConnectionState.class);
        view.remove("grants");
        for (JsonNode t : view.withArray("tunnels")) {
            ObjectNode tunnel = (ObjectNode) t;
            JsonNode cgwIp = tunnel.remove("customerGatewayIp");
            tunnel.remove("customerGatewayAsn");
            tunnel.remove("preSharedKeyVersion");
            tunnel.remove("transitSealedPreSharedKey");
            ObjectNode ike = tunnel.withObject("ike");
            if (!ike.hasNonNull("remoteId") && cgwIp != null) {
                ike.set("remoteId", cgwIp);
            }
        }
        return view;
    }

    public static ObjectNode customerGateway(StoredResource stored) {
        return resource(stored, CustomerGatewayState.class);
    }

    public static ObjectNode vpnGateway(StoredResource stored) {
        return resource(stored, VpnGatewayState.class);
    }

    public static ObjectNode withWarnings(ObjectNode view, List<Warning> warnings) {
        if (!warnings.isEmpty()) {
            ArrayNode list = view.putArray("warnings");
            warnings.forEach(w -> list.addObject().put("code", w.code()).put("field", w.field()).put("detail", w.detail()));
        }
        return view;
    }
}
