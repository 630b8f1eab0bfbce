package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/**
 * Diffie-Hellman group (REQ-TUN-004/005; default group2). {@code disabled} exists only for phase 2, where it means
 * no PFS; phase 1 always needs a group.
 */
public enum DhGroup implements Spelled {
    DISABLED("disabled", 0),
    GROUP1("group1", 768),
    GROUP2("group2", 1024),
    GROUP5("group5", 1536),
    GROUP14("group14", 2048);

    private final String json;
    private final int modpBits;

    DhGroup(String json, int modpBits) {
        this.json = json;
        this.modpBits = modpBits;
    }

    @Override
    public String json() {
        return json;
    }

    /** Size of the MODP prime (RFC 2409/3526); 0 for {@code disabled}. */
    public int modpBits() {
        return modpBits;
    }
}
