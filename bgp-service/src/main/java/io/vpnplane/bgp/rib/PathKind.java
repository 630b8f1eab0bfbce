package io.vpnplane.bgp.rib;

/** The transport a BGP session runs over; decides the first step of best-path selection (REQ-AS-002). */
public enum PathKind {
    /** A leased line (VBR peer): always preferred when it has the prefix. */
    LEASED_LINE,
    /** A BGP-enabled IPsec tunnel: the backup path. */
    IPSEC
}
