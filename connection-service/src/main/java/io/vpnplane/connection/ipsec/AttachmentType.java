package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/** What a connection hangs off (REQ-CONN-002; vpn-gateway is the VPN gateway of REQ-B-001). */
public enum AttachmentType implements Spelled {
    NONE("none"),
    VPN_GATEWAY("vpn-gateway"),
    TRANSIT_ROUTER("transit-router");

    private final String json;

    AttachmentType(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
