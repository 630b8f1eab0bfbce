package io.vpnplane.agent.esp;

public enum SaDirection {
    INBOUND,
    OUTBOUND
}
