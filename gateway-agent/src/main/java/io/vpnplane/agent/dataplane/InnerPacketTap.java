package io.vpnplane.agent.dataplane;

/**
 * Sees every decrypted inner packet before it goes to the TUN device and may consume it (the health
 * check takes its own ICMP echo replies this way, since its source address need not exist on the host).
 * Runs on the receive thread: must be quick and must not keep the array.
 */
@FunctionalInterface
public interface InnerPacketTap {

    /** @return true if the packet was consumed and must not be written to the TUN device */
    boolean inspect(Tunnel tunnel, byte[] p, int off, int length);
}
