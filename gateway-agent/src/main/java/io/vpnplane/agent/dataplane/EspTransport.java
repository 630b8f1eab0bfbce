package io.vpnplane.agent.dataplane;

import java.io.IOException;

/**
 * Sends finished ESP-in-UDP packets to a tunnel's peer (RFC 3948): either the data plane's own UDP 4500
 * socket ({@link EspSocket}) or the IKE engine's NAT-T sockets ({@link EngineEspTransport}).
 */
@FunctionalInterface
public interface EspTransport {

    void send(Tunnel tunnel, byte[] buf, int off, int length) throws IOException;

    /**
     * Sends the ESP packets laid out back to back at {@code buf[off, +totalLength)}: each
     * {@code packetLength} bytes except the last, which may be shorter (the segments of one TCP
     * super-packet). A transport that can hand such a train to the kernel in one call overrides this.
     */
    default void sendTrain(Tunnel tunnel, byte[] buf, int off, int packetLength, int totalLength) throws IOException {
        for (int at = 0; at < totalLength; at += packetLength) {
            send(tunnel, buf, off + at, Math.min(packetLength, totalLength - at));
        }
    }
}
