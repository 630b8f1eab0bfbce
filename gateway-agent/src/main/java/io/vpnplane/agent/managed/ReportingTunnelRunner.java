package io.vpnplane.agent.managed;

import java.util.HashMap;
import java.util.Map;

/**
 * Reports what the runner did as observations: {@code config-applied} with the version after a start or replace
 * (tunnel-service confirms the configuration with it), {@code tunnel-torn-down} after a stop; and has the
 * {@link TunnelObserver} report what the engine sees on each running tunnel.
 */
public final class ReportingTunnelRunner implements TunnelRunner {

    private final TunnelRunner runner;
    private final ObservationPublisher observations;
    private final TunnelObserver observer;
    private final Map<String, String> accounts = new HashMap<>();

    public ReportingTunnelRunner(TunnelRunner runner, ObservationPublisher observations, TunnelObserver observer) {
        this.runner = runner;
        this.observations = observations;
        this.observer = observer;
    }

    @Override
    public Map<String, Long> runningVersions() {
        return runner.runningVersions();
    }

    @Override
    public void start(ManagedTunnel tunnel) {
        observer.watch(tunnel);
        runner.start(tunnel);
        applied(tunnel);
    }

    @Override
    public void replace(ManagedTunnel tunnel) {
        observer.unwatch(tunnel.id());
        observer.watch(tunnel);
        runner.replace(tunnel);
        applied(tunnel);
    }

    @Override
    public void stop(String tunnelId) {
        observer.unwatch(tunnelId);
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
