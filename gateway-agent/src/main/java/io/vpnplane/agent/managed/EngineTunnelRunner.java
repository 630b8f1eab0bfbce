package io.vpnplane.agent.managed;

import java.util.HashMap;
import java.util.Map;

import io.vpnplane.agent.ike.IkeDaemon;

/**
 * Runs a managed node's tunnels on the IKE engine, one tunnel per call: start adds it, replace removes it (DELETE to
 * the peer) and adds the new configuration, stop removes it. The daemon's other tunnels are never touched
 * (REQ-MOD-003, REQ-GW-004). Negotiation only: carrying traffic needs the data plane to follow the same changes,
 * which is not wired yet. Called from the follower's thread only.
 */
public final class EngineTunnelRunner implements TunnelRunner {

    private final IkeDaemon daemon;
    private final Map<String, Long> versions = new HashMap<>();

    public EngineTunnelRunner(IkeDaemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public Map<String, Long> runningVersions() {
        return Map.copyOf(versions);
    }

    @Override
    public void start(ManagedTunnel tunnel) {
        tunnel.ikev1().ifPresentOrElse(mode -> daemon.addTunnel(tunnel.tunnel(), mode), () -> daemon.addTunnel(tunnel.tunnel()));
        versions.put(tunnel.tunnel().id(), tunnel.configVersion());
    }

    @Override
    public void replace(ManagedTunnel tunnel) {
        daemon.removeTunnel(tunnel.tunnel().id());
        start(tunnel);
    }

    @Override
    public void stop(String tunnelId) {
        daemon.removeTunnel(tunnelId);
        versions.remove(tunnelId);
    }
}
