package io.vpnplane.agent.healthcheck;

import io.vpnplane.agent.dataplane.GatewayDataPlane;
import io.vpnplane.agent.dataplane.Tunnel;
import io.vpnplane.agent.ike.EventLoop;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The REQ-TUN-011 health checks running on one gateway's data plane, one per tunnel, on a shared timer thread.
 * Checks start and stop per tunnel (managed mode adds and removes tunnels at run time); each gets its own ICMP
 * identifier so replies are told apart.
 */
public final class HealthChecks implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HealthChecks.class.getName());
    private static final int FIRST_IDENTIFIER = 0x7000;

    private final GatewayDataPlane gateway;
    private final Consumer<HealthCheckEvent> events;
    private final EventLoop loop = new EventLoop("health-check");
    private final Map<String, HealthChecker> checkers = new ConcurrentHashMap<>();
    private int nextIdentifier = FIRST_IDENTIFIER;

    public HealthChecks(GatewayDataPlane gateway, Consumer<HealthCheckEvent> events) {
        this.gateway = gateway;
        this.events = events;
    }

    /** Starts (or restarts with a new configuration) the tunnel's check. */
    public synchronized void start(String tunnelId, HealthCheckConfig config) {
        stop(tunnelId);
        HealthChecker checker = new HealthChecker(tunnelId, config, identifier(), loop,
                (packet, off, length) -> send(tunnelId, packet, off, length), events);
        gateway.plane().addTap(checker);
        checker.start();
        checkers.put(tunnelId, checker);
    }

    public synchronized void stop(String tunnelId) {
        HealthChecker checker = checkers.remove(tunnelId);
        if (checker != null) {
            checker.stop();
            gateway.plane().removeTap(checker);
        }
    }

    public Optional<HealthCheckStatus> status(String tunnelId) {
        return Optional.ofNullable(checkers.get(tunnelId)).map(HealthCheckStatus::of);
    }

    private int identifier() {
        int identifier;
        do {
            identifier = nextIdentifier;
            nextIdentifier = nextIdentifier == 0xFFFF ? FIRST_IDENTIFIER : nextIdentifier + 1;
        } while (inUse(identifier));
        return identifier;
    }

    private boolean inUse(int identifier) {
        return checkers.values().stream().anyMatch(checker -> checker.identifier() == identifier);
    }

    /** No SA (yet) means the probe goes unanswered, which is what the check should see. */
    private boolean send(String tunnelId, byte[] packet, int off, int length) {
        Optional<Tunnel> tunnel = gateway.installer().tunnel(tunnelId);
        if (tunnel.isEmpty()) {
            return false;
        }
        try {
            return gateway.plane().sendThrough(tunnel.get(), packet, off, length);
        } catch (IOException e) {
            LOG.fine(() -> "health probe on " + tunnelId + " not sent: " + e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        checkers.keySet().stream().toList().forEach(this::stop);
        loop.close();
    }
}
