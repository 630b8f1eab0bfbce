package io.vpnplane.agent.ike;

import java.net.InetSocketAddress;

/**
 * Sends IKE messages for the engine. {@code local} names the socket (address and port 500 or 4500);
 * on the NAT-T port the transport adds the 4-byte non-ESP marker (RFC 3948 §2.2).
 */
public interface IkeTransport {

    void send(InetSocketAddress local, InetSocketAddress remote, byte[] ikeMessage);

    /** A one-byte 0xFF NAT keepalive (RFC 3948 §2.3) from the NAT-T socket. */
    void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote);
}
