package io.vpnplane.agent.healthcheck;

/**
 * Sends an inner IPv4 packet into the tunnel (ESP-protected); the data plane implements it. Returns
 * false when the packet could not be sent (no SA): that probe simply goes unanswered.
 */
@FunctionalInterface
public interface ProbeTransmitter {

    boolean transmit(byte[] packet, int off, int length);
}
