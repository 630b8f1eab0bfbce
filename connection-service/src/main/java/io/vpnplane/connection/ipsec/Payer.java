package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/** Who pays a cross-account transit-router attachment (REQ-MOD-005; default cen-owner). */
public enum Payer implements Spelled {
    CEN_OWNER("cen-owner"),
    VPN_OWNER("vpn-owner");

    private final String json;

    Payer(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
