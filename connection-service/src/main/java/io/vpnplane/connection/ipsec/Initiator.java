package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/**
 * Who may start negotiation (REQ-B-004): {@code bi-directional} (default; the gateway initiates as
 * effectImmediately says, REQ-CONN-008) or {@code response-only} (the gateway only answers the peer).
 */
public enum Initiator implements Spelled {
    BI_DIRECTIONAL("bi-directional"),
    RESPONSE_ONLY("response-only");

    private final String json;

    Initiator(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
