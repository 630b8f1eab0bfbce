package io.vpnplane.agent.dataplane;

import java.net.InetSocketAddress;

/**
 * Implemented by the IKE engine: IKE messages that arrived on UDP 4500 with the non-ESP marker
 * already removed (RFC 3948 §2.2). Called on the data plane's receive thread; the array is the
 * callee's to keep.
 */
@FunctionalInterface
public interface IkeDatagramSink {

    void ikeMessageReceived(InetSocketAddress from, byte[] message);
}
