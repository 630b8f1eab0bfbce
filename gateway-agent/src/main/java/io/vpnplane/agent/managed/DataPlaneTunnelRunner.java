package io.vpnplane.agent.managed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.vpnplane.agent.dataplane.GatewayDataPlane;
import io.vpnplane.agent.dataplane.IpCommand;
import io.vpnplane.agent.healthcheck.HealthChecks;

/**
 * Runs a managed node's tunnels on the engine and the data plane: negotiation, kernel routes for policy tunnels,
 * the address inside a BGP-enabled tunnel on the TUN device, the health check, and the prefixes routing-service
 * sends through the tunnel. Each call touches one tunnel only (REQ-MOD-003, REQ-GW-004). Called from the follower's
 * thread only.
 */
public final class DataPlaneTunnelRunner implements TunnelRunner {

    private static final Logger LOG = Logger.getLogger(DataPlaneTunnelRunner.class.getName());

    private final GatewayDataPlane gateway;
    private final HealthChecks healthChecks;
    private final ConnectionRoutes routes;
    private final Map<String, ManagedTunnel> running = new HashMap<>();
    private final Map<String, Integer> insideAddressUsers = new HashMap<>();

    public DataPlaneTunnelRunner(GatewayDataPlane gateway, HealthChecks healthChecks, ConnectionRoutes routes) {
        this.gateway = gateway;
        this.healthChecks = healthChecks;
        this.routes = routes;
    }

    @Override
    public Map<String, Long> runningVersions() {
        Map<String, Long> versions = new HashMap<>();
        running.forEach((id, tunnel) -> versions.put(id, tunnel.configVersion()));
        return versions;
    }

    @Override
    public void start(ManagedTunnel tunnel) {
        try {
            gateway.addTunnel(tunnel.tunnel(), tunnel.ikev1());
        } catch (IOException e) {
            throw new UncheckedIOException("tunnel " + tunnel.id() + " not started", e);
        }
        running.put(tunnel.id(), tunnel);
        tunnel.insideAddress().ifPresent(inside -> addInsideAddress(inside.withPrefixLength()));
        routes.tunnelStarted(tunnel);
        tunnel.healthCheck().ifPresent(check -> healthChecks.start(tunnel.id(), check));
    }

    @Override
    public void replace(ManagedTunnel tunnel) {
        stop(tunnel.id());
        start(tunnel);
    }

    @Override
    public void stop(String tunnelId) {
        ManagedTunnel tunnel = running.remove(tunnelId);
        if (tunnel == null) {
            return;
        }
        healthChecks.stop(tunnelId);
        routes.tunnelStopped(tunnelId);
        gateway.removeTunnel(tunnel.tunnel());
        tunnel.insideAddress().ifPresent(inside -> removeInsideAddress(inside.withPrefixLength()));
    }

    /** Two tunnels of the node may share the same inside address (other customers): it goes with the last one. */
    private void addInsideAddress(String address) {
        if (insideAddressUsers.merge(address, 1, Integer::sum) > 1) {
            return;
        }
        try {
            IpCommand.run("address", "replace", address, "dev", gateway.tunName());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "inside address " + address + " not added: " + e.getMessage());
        }
    }

    private void removeInsideAddress(String address) {
        Integer users = insideAddressUsers.merge(address, -1, Integer::sum);
        if (users != null && users > 0) {
            return;
        }
        insideAddressUsers.remove(address);
        try {
            IpCommand.run("address", "del", address, "dev", gateway.tunName());
        } catch (IOException e) {
            LOG.log(Level.FINE, "inside address " + address + " already gone: " + e.getMessage());
        }
    }
}
