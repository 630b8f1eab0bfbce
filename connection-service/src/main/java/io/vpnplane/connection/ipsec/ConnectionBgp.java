package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.net.Asn;

/** The connection-level BGP switch and the cloud side's ASN (REQ-CONN-009; default off, ASN 45104). */
public record ConnectionBgp(boolean enabled, Asn localAsn) {

    public static final Asn DEFAULT_LOCAL_ASN = new Asn(45_104);

    public static ConnectionBgp defaults() {
        return new ConnectionBgp(false, DEFAULT_LOCAL_ASN);
    }
}
