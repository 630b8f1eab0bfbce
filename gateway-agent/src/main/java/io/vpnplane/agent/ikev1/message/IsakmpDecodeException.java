package io.vpnplane.agent.ikev1.message;

/**
 * A received ISAKMP message could not be decoded. Checked, so that no malformed datagram can surface as
 * an unchecked exception on the engine's event loop; the engine drops such datagrams.
 */
public final class IsakmpDecodeException extends Exception {

    public IsakmpDecodeException(String message) {
        super(message, null, false, false);
    }
}
