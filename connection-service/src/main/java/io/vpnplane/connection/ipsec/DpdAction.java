package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/** What to do when the peer is declared dead (REQ-TUN-006: restart; REQ-B-003 adds hold; clear as in Neutron). */
public enum DpdAction implements Spelled {
    RESTART("restart"),
    HOLD("hold"),
    CLEAR("clear");

    private final String json;

    DpdAction(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
