package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/** One tunnel (legacy) or an active/standby pair across zones (REQ-CONN-004, REQ-TUN-013). */
public enum TunnelMode implements Spelled {
    DUAL("dual"),
    SINGLE("single");

    private final String json;

    TunnelMode(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
