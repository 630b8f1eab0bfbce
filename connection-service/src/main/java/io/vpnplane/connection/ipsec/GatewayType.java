package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/** Over the internet or a private network (REQ-CONN-003; never changes after creation). */
public enum GatewayType implements Spelled {
    PUBLIC("public"),
    PRIVATE("private");

    private final String json;

    GatewayType(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
