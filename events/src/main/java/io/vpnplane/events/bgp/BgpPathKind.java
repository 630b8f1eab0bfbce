package io.vpnplane.events.bgp;

/** What a BGP session runs over; a leased-line path always beats an IPsec path (REQ-AS-002). */
public enum BgpPathKind {
    LEASED_LINE, IPSEC
}
