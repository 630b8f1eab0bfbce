package io.vpnplane.events.bgp;

/** The ORIGIN path attribute (RFC 4271 §5.1.1). */
public enum BgpOrigin {
    IGP, EGP, INCOMPLETE
}
