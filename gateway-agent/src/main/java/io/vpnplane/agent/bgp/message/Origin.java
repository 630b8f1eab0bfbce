package io.vpnplane.agent.bgp.message;

/** ORIGIN attribute values (RFC 4271 section 5.1.1), in best-path preference order. */
public enum Origin {
    IGP,
    EGP,
    INCOMPLETE
}
