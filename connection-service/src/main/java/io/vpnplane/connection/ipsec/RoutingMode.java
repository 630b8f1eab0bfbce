package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/** Route by destination, or by source and destination ("protected data flow", REQ-CONN-005). */
public enum RoutingMode implements Spelled {
    DESTINATION("destination"),
    POLICY("policy");

    private final String json;

    RoutingMode(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
