package io.vpnplane.agent.managed;

import java.util.HashMap;
import java.util.Map;

/**
 * Reports what the runner did as observations: {@code config-applied} with the version after a start or replace
 * (tunnel-service confirms the configuration with it), {@code tunnel-torn-down} after a stop.
 */
public final class ReportingTunnelRunner implements TunnelRunner {

    private final TunnelRunner runner;
    private final ObservationPublisher observations;
    private final Map<String, String> accounts = new HashMap<>();

    public ReportingTunnelRunner(TunnelRunner runner, ObservationPublisher observations) {
        this.runner = runner;
        this.observations = observations;
    }

    @Override
    public Map<String, Long> runningVersions() {
        return runner.runningVersions();
    }

    @Override
    public void start(ManagedTunnel tunnel) {
        runner.start(tunnel);
        applied(tunnel);
    }

    @Override
    public void replace(ManagedTunnel tunnel) {
        runner.replace(tunnel);
        applied(tunnel);
    }

    @Override
    public void stop(String tunnelId) {
        runner.stop(tunnelId);
        String account = accounts.remove(tunnelId);
        if (account != null) {
            observations.tunnelTornDown(account, tunnelId);
        }
    }

    private void applied(ManagedTunnel tunnel) {
        accounts.put(tunnel.tunnel().id(), tunnel.accountId());
        observations.configApplied(tunnel.accountId(), tunnel.tunnel().id(), tunnel.configVersion());
    }
}
