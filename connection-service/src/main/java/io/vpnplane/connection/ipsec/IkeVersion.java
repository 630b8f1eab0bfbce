package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/** IKE protocol version (REQ-TUN-004; default ikev2). */
public enum IkeVersion implements Spelled {
    IKEV1("ikev1"),
    IKEV2("ikev2");

    private final String json;

    IkeVersion(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
