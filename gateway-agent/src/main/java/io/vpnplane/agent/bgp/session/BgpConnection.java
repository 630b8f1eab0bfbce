package io.vpnplane.agent.bgp.session;

/** One TCP connection as a session sees it. Calls happen on the session's thread. */
public interface BgpConnection {

    /** Queues one complete, encoded message. */
    void send(byte[] message);

    /** Closes the connection; the session gets no further callbacks for it. */
    void close();

    /** Our address on this connection (the default next hop we advertise), as an int. */
    int localAddress();
}
