package io.vpnplane.agent.dataplane;

import java.io.IOException;

/**
 * Sends finished ESP-in-UDP packets to a tunnel's peer (RFC 3948): either the data plane's own UDP 4500
 * socket ({@link EspSocket}) or the IKE engine's NAT-T sockets ({@link EngineEspTransport}).
 */
@FunctionalInterface
public interface EspTransport {

    void send(Tunnel tunnel, byte[] buf, int off, int length) throws IOException;
}
