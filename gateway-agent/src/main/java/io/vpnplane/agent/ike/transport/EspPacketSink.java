package io.vpnplane.agent.ike.transport;

import java.net.InetSocketAddress;

/**
 * Receives ESP-in-UDP packets (RFC 3948) that arrive on the NAT-T port: the datagram payload starting
 * with the SPI (never zero, which is how they differ from IKE messages with the non-ESP marker).
 * Called on the transport's receive thread; implementations must not block.
 */
@FunctionalInterface
public interface EspPacketSink {

    void receive(InetSocketAddress local, InetSocketAddress remote, byte[] espPacket);

    /**
     * The transport has handed over everything that was waiting: a sink that holds packets back to
     * merge them (TCP coalescing) must let them go now.
     */
    default void endOfBatch() {
    }

    EspPacketSink DISCARD = (local, remote, packet) -> { };
}
