package io.vpnplane.agent.bgp.session;

/**
 * Opens outbound TCP connections for a session. The outcome comes back later, on the session's
 * thread, as {@link BgpSession#outboundConnected} or {@link BgpSession#outboundFailed}.
 */
public interface ConnectionInitiator {

    void connect(BgpSession session);
}
