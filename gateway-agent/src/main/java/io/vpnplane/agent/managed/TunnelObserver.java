package io.vpnplane.agent.managed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.vpnplane.agent.dataplane.Ipv4Header;
import io.vpnplane.agent.healthcheck.HealthCheckEvent;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.TunnelStatus;

/**
 * Turns what the engine and the health checks see on this node's tunnels into observations (REQ-GW-002): IKE and
 * CHILD SA established or failed with the engine's reason, DPD peer death, health check failed/recovered.
 *
 * <p>The engine's status is compared with the last one reported, per tunnel, on a single thread: at once when a
 * CHILD_SA comes or goes (so "phase 2 negotiation succeeded" is reported within milliseconds of the SA) and on a
 * periodic sweep for what has no callback (failures, DPD, IKE SA without CHILD_SA). IKEv1 and IKEv2 tunnels report
 * through the same status, so both are observed alike.
 */
public final class TunnelObserver implements ChildSaListener {

    private static final Logger LOG = Logger.getLogger(TunnelObserver.class.getName());

    /** What was last reported for one tunnel. */
    record Reported(boolean ikeUp, boolean childUp, Optional<String> lastError, long peerDeaths) {
        static final Reported NOTHING = new Reported(false, false, Optional.empty(), 0);
    }

    private record Watched(String accountId, Optional<String> healthCheckDestination, Reported reported) {
    }

    private final Function<String, Optional<TunnelStatus>> statusOf;
    private final ObservationPublisher publisher;
    private final ScheduledExecutorService executor;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    /**
     * @param statusOf  the engine's status of one tunnel (not called on the engine's thread)
     * @param executor  single-threaded: every comparison and publication runs on it
     */
    public TunnelObserver(Function<String, Optional<TunnelStatus>> statusOf, ObservationPublisher publisher,
                          ScheduledExecutorService executor) {
        this.statusOf = statusOf;
        this.publisher = publisher;
        this.executor = executor;
    }

    public void startSweeping(Duration period) {
        executor.scheduleWithFixedDelay(this::sweep, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts reporting a tunnel just added (or replaced): its history starts again from nothing. */
    public void watch(ManagedTunnel tunnel) {
        executor.execute(() -> watched.put(tunnel.id(), new Watched(tunnel.accountId(),
                tunnel.healthCheck().map(check -> Ipv4Header.format(check.destinationIp())),
                Reported.NOTHING)));
    }

    public void unwatch(String tunnelId) {
        executor.execute(() -> watched.remove(tunnelId));
    }

    @Override
    public void installed(ChildSa childSa) {
        changed(childSa.tunnelId());
    }

    @Override
    public void removed(ChildSa childSa) {
        changed(childSa.tunnelId());
    }

    /** The tunnel's SAs changed: compare now rather than at the next sweep. */
    void changed(String tunnelId) {
        executor.execute(() -> observe(tunnelId));
    }

    /** Health checks run on their own thread; the event is handed over with the tunnel's account. */
    public void healthCheck(HealthCheckEvent event) {
        executor.execute(() -> {
            Watched tunnel = watched.get(event.tunnelId());
            if (tunnel == null) {
                return;
            }
            String destination = tunnel.healthCheckDestination().orElse("");
            switch (event) {
                case HealthCheckEvent.Failed failed ->
                        publisher.healthCheckFailed(tunnel.accountId(), event.tunnelId(), destination, failed.switchRoute());
                case HealthCheckEvent.Recovered recovered ->
                        publisher.healthCheckRecovered(tunnel.accountId(), event.tunnelId(), destination, recovered.switchRoute());
            }
        });
    }

    /** Compares every watched tunnel; runs on the executor. */
    void sweep() {
        try {
            List.copyOf(watched.keySet()).forEach(this::observe);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "observation sweep failed", e);
        }
    }

    private void observe(String tunnelId) {
        Watched tunnel = watched.get(tunnelId);
        if (tunnel == null) {
            return;
        }
        Optional<TunnelStatus> status = statusOf.apply(tunnelId);
        if (status.isEmpty()) {
            return;
        }
        Reported now = reported(status.get());
        report(tunnelId, tunnel.accountId(), tunnel.reported(), now);
        watched.computeIfPresent(tunnelId, (id, w) -> new Watched(w.accountId(), w.healthCheckDestination(), now));
    }

    static Reported reported(TunnelStatus status) {
        boolean ikeUp = status.ikeSa().flatMap(TunnelStatus.IkeSaView::establishedAt).isPresent();
        long deaths = status.dpd().map(dpd -> dpd.history().stream().filter(e -> e.event().equals("PEER_DEAD")).count())
                .orElse(0L);
        return new Reported(ikeUp, !status.childSas().isEmpty(), status.lastError(), deaths);
    }

    /** The observations that lead from {@code before} to {@code now}, in the order they happened. */
    private void report(String tunnelId, String accountId, Reported before, Reported now) {
        if (now.peerDeaths() > before.peerDeaths()) {
            publisher.dpdPeerDead(accountId, tunnelId);
        }
        if (now.ikeUp() && !before.ikeUp() && !now.childUp()) {
            publisher.ikeSaEstablished(accountId, tunnelId);
        }
        if (now.childUp() && !before.childUp()) {
            if (!before.ikeUp()) {
                publisher.ikeSaEstablished(accountId, tunnelId);
            }
            publisher.childSaEstablished(accountId, tunnelId);
            return;
        }
        if (now.childUp()) {
            return;
        }
        boolean newError = now.lastError().isPresent() && !now.lastError().equals(before.lastError());
        if (newError && now.peerDeaths() == before.peerDeaths()) {
            String reason = now.lastError().get();
            if (isPhase2(reason) && now.ikeUp()) {
                publisher.childSaFailed(accountId, tunnelId, reason);
            } else {
                publisher.ikeSaFailed(accountId, tunnelId, reason);
            }
        } else if (before.childUp() && now.peerDeaths() == before.peerDeaths()) {
            publisher.childSaFailed(accountId, tunnelId, now.ikeUp() ? "IPsec SA deleted" : "IKE SA deleted");
        }
    }

    private static boolean isPhase2(String reason) {
        return reason.startsWith("phase 2") || reason.contains("CHILD_SA");
    }
}
