package io.vpnplane.agent.managed;

import java.util.Map;

/**
 * What runs the tunnels of a managed node: the IKE engine and data plane. Each call concerns exactly one tunnel; an
 * implementation must leave every other tunnel's SAs alone (REQ-MOD-003, REQ-GW-004). Called from one thread.
 */
public interface TunnelRunner {

    /** Tunnel id → the desired config version it runs. */
    Map<String, Long> runningVersions();

    /** Brings up a tunnel not running yet. */
    void start(ManagedTunnel tunnel);

    /** Tears down this tunnel's SAs and renegotiates it with the new configuration. */
    void replace(ManagedTunnel tunnel);

    /** Sends DELETE to the peer and tears the tunnel down. */
    void stop(String tunnelId);
}
