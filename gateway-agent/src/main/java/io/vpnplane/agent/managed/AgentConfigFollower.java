package io.vpnplane.agent.managed;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.Consumer;

import io.vpnplane.agent.standalone.InvalidConfigException;
import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.agentconfig.AgentConfigEvent;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;

/**
 * The managed node's control loop: reads the compacted {@code vpn.agent-config} from the beginning on every start
 * (through {@link TopicFollower}: a restarted agent rebuilds its tunnels from it), folds each record into
 * {@link DesiredTunnels} and after every poll reconciles against what the
 * {@link TunnelRunner} runs. A desired version that cannot be run (unknown algorithm, PSK not sealed to this node) is
 * logged once per version and skipped; the tunnel stays as it was.
 */
public final class AgentConfigFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentConfigFollower.class.getName());
    private static final EventTypes TYPES = EventTypes.of(AgentConfigEvent.class);

    private final TopicFollower follower;
    private final DesiredTunnels desired;
    private final DesiredTunnelTranslation translation;
    private final TunnelRunner runner;
    private final Map<String, Long> refused = new HashMap<>();

    public AgentConfigFollower(String nodeId, Consumer<String, byte[]> consumer, DesiredTunnelTranslation translation,
                               TunnelRunner runner) {
        this.follower = new TopicFollower(consumer, Topics.AGENT_CONFIG, this::fold, this::reconcile);
        this.desired = new DesiredTunnels(nodeId);
        this.translation = translation;
        this.runner = runner;
    }

    @Override
    public void run() {
        follower.run();
    }

    private void fold(String tunnelId, Optional<CloudEvent> event) {
        if (event.isEmpty()) {
            desired.apply(tunnelId, Optional.empty()); // tombstone: the tunnel must stop
            return;
        }
        TYPES.decode(event.get()).filter(TunnelConfigDesired.class::isInstance).map(TunnelConfigDesired.class::cast)
                .ifPresent(config -> desired.apply(tunnelId, Optional.of(config)));
    }

    void reconcile() {
        for (TunnelReconciler.Action action : TunnelReconciler.plan(desired.snapshot(), runner.runningVersions())) {
            try {
                switch (action) {
                    case TunnelReconciler.Stop stop -> runner.stop(stop.tunnelId());
                    case TunnelReconciler.Start start -> translated(start.config()).ifPresent(runner::start);
                    case TunnelReconciler.Replace replace -> translated(replace.config()).ifPresent(runner::replace);
                }
            } catch (RuntimeException e) {
                // one tunnel the engine refuses (e.g. GCM in IKEv1 phase 1) must not stop the node's control loop
                if (action instanceof TunnelReconciler.Start start) {
                    refused.put(start.tunnelId(), start.config().configVersion());
                } else if (action instanceof TunnelReconciler.Replace replace) {
                    refused.put(replace.tunnelId(), replace.config().configVersion());
                }
                LOG.log(Level.WARNING, "tunnel " + action.tunnelId() + ": " + action.getClass().getSimpleName() + " failed: "
                        + e.getMessage());
            }
        }
    }

    private Optional<ManagedTunnel> translated(TunnelConfigDesired config) {
        Long refusedVersion = refused.get(config.tunnelId());
        if (refusedVersion != null && refusedVersion == config.configVersion()) {
            return Optional.empty();
        }
        try {
            return Optional.of(translation.translate(config));
        } catch (InvalidConfigException | IllegalArgumentException e) {
            refused.put(config.tunnelId(), config.configVersion());
            LOG.log(Level.WARNING, "tunnel " + config.tunnelId() + " version " + config.configVersion() + " not run: " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
