package io.vpnplane.agent.managed;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.Consumer;

import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.agentconfig.AgentConfigEvent;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.agent.dataplane.Ipv4Prefix;
import io.vpnplane.events.bgp.BgpBestRouteEvent;
import io.vpnplane.events.bgp.BgpSessionConfigured;
import io.vpnplane.events.bgp.BgpSessionEvent;

/**
 * The managed node's BGP control loop: follows {@code vpn.bgp} (bgp-service's session decisions) and
 * {@code vpn.agent-config} (which tunnels, and so which IPsec sessions, are this node's) from the beginning on every
 * start, on one consumer and thread, and after every poll that changed something reconciles the sessions the
 * {@link BgpSessionRunner} runs: start, restart (session parameters changed), re-advertise (only the advertised
 * prefixes changed) or stop — one session at a time, never touching the others. A configuration that cannot run is
 * logged once and skipped until it changes or another session is stopped (which may free its peer address).
 *
 * <p>It also folds bgp-service's best paths and hands the prefixes whose best path is a leased-line session running
 * here, with that session's next hop, to the node's forwarding ({@link LeasedLineRoutes}).
 */
public final class BgpSessionFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BgpSessionFollower.class.getName());
    private static final EventTypes TYPES = EventTypes.of(BgpSessionEvent.class, BgpBestRouteEvent.class,
            AgentConfigEvent.class);

    private final TopicFollower follower;
    private final DesiredTunnels tunnels;
    private final DesiredBgpSessions sessions;
    private final BgpSessionRunner runner;
    private final Map<String, ManagedBgpSession> running = new HashMap<>();
    private final Map<String, BgpSessionConfigured> refused = new HashMap<>();
    private final LeasedLineRoutes leasedLineRoutes = new LeasedLineRoutes();
    private final java.util.function.Consumer<Map<Ipv4Prefix, String>> forwarding;
    private Map<Ipv4Prefix, String> forwarded = Map.of();
    private boolean changed = true;

    /** @param forwarding gets prefix → next hop of this node's leased-line best paths whenever that changes */
    public BgpSessionFollower(String nodeId, Consumer<String, byte[]> consumer, BgpSessionRunner runner,
                              java.util.function.Consumer<Map<Ipv4Prefix, String>> forwarding) {
        this.follower = new TopicFollower(consumer, List.of(Topics.BGP, Topics.AGENT_CONFIG), this::fold, this::reconcile);
        this.tunnels = new DesiredTunnels(nodeId);
        this.sessions = new DesiredBgpSessions(nodeId);
        this.runner = runner;
        this.forwarding = forwarding;
    }

    @Override
    public void run() {
        follower.run();
    }

    /**
     * One record of either topic. vpn.bgp also carries the agents' observations and best routes (skipped: not a
     * session event); only vpn.agent-config, which is compacted, has tombstones.
     */
    void fold(String key, Optional<CloudEvent> event) {
        if (event.isEmpty()) {
            tunnels.apply(key, Optional.empty());
            changed = true;
            return;
        }
        switch (TYPES.decode(event.get()).orElse(null)) {
            case BgpSessionEvent session -> {
                sessions.apply(session);
                changed = true;
            }
            case TunnelConfigDesired desired -> {
                tunnels.apply(key, Optional.of(desired));
                changed = true;
            }
            case BgpBestRouteEvent best -> changed |= leasedLineRoutes.apply(best);
            case null, default -> {
            }
        }
    }

    void reconcile() {
        if (!changed) {
            return;
        }
        changed = false;
        Map<String, BgpSessionConfigured> mine = sessions.ofNode(tunnels.snapshot().keySet());
        Map<String, ManagedBgpSession> desired = new HashMap<>();
        // a configuration that cannot run leaves a running session as it was
        mine.forEach((id, configured) -> translated(configured).or(() -> Optional.ofNullable(running.get(id)))
                .ifPresent(session -> desired.put(id, session)));
        for (BgpSessionReconciler.Action action : BgpSessionReconciler.plan(desired, running)) {
            try {
                apply(action);
            } catch (RuntimeException e) {
                // e.g. a second session to the same peer address: this session waits, the node's loop goes on
                Optional.ofNullable(mine.get(action.sessionId())).ifPresent(configured -> refused.put(action.sessionId(), configured));
                LOG.log(Level.WARNING, "BGP session " + action.sessionId() + ": " + action.getClass().getSimpleName()
                        + " failed: " + e.getMessage());
            }
        }
        Map<Ipv4Prefix, String> leased = leasedLineRoutes.of(running.keySet());
        if (!leased.equals(forwarded)) {
            forwarded = leased;
            forwarding.accept(leased);
        }
    }

    private void apply(BgpSessionReconciler.Action action) {
        switch (action) {
            case BgpSessionReconciler.Stop stop -> {
                running.remove(stop.sessionId());
                runner.stop(stop.sessionId());
                // the stopped session may have held what a refused one needs: try those again at the next poll
                changed |= !refused.isEmpty();
                refused.clear();
            }
            case BgpSessionReconciler.Start start -> {
                runner.start(start.session());
                running.put(start.sessionId(), start.session());
            }
            case BgpSessionReconciler.Restart restart -> {
                running.remove(restart.sessionId());
                runner.stop(restart.sessionId());
                runner.start(restart.session());
                running.put(restart.sessionId(), restart.session());
            }
            case BgpSessionReconciler.Readvertise readvertise -> {
                runner.advertise(readvertise.sessionId(), readvertise.session().advertise());
                running.put(readvertise.sessionId(), readvertise.session());
            }
        }
    }

    private Optional<ManagedBgpSession> translated(BgpSessionConfigured configured) {
        if (configured.equals(refused.get(configured.sessionId()))) {
            return Optional.empty();
        }
        try {
            return Optional.of(DesiredBgpSessionTranslation.translate(configured));
        } catch (IllegalArgumentException e) {
            refused.put(configured.sessionId(), configured);
            LOG.log(Level.WARNING, "BGP session " + configured.sessionId() + " not run: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** What runs now, by session id (for tests and the admin view). */
    Map<String, ManagedBgpSession> running() {
        return Map.copyOf(running);
    }

    @Override
    public void close() {
        follower.close();
    }
}
