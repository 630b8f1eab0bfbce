package io.vpnplane.events.bgp;

/** The RFC 4271 §8 finite state machine states; only ESTABLISHED exchanges routes. */
public enum BgpFsmState {
    IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED
}
