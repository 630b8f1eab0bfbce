package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/** IKEv1 phase 1 exchange (REQ-TUN-004; default main, aggressive only with ikev1). */
public enum NegotiationMode implements Spelled {
    MAIN("main"),
    AGGRESSIVE("aggressive");

    private final String json;

    NegotiationMode(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
