package io.vpnplane.bgp.rib;

/** BGP ORIGIN attribute (RFC 4271 §5.1.1), declared in preference order: IGP before EGP before INCOMPLETE. */
public enum Origin {
    IGP, EGP, INCOMPLETE
}
