package io.vpnplane.agent.managed;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import io.vpnplane.agent.standalone.InvalidConfigException;
import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.agentconfig.AgentConfigEvent;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;

/**
 * The managed node's control loop: reads the compacted {@code vpn.agent-config} from the beginning on every start
 * (no consumer group, no committed offsets: the topic is the whole truth, so a restarted agent rebuilds its tunnels
 * from it), folds each record into {@link DesiredTunnels} and after every poll reconciles against what the
 * {@link TunnelRunner} runs. A desired version that cannot be run (unknown algorithm, PSK not sealed to this node) is
 * logged once per version and skipped; the tunnel stays as it was.
 */
public final class AgentConfigFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentConfigFollower.class.getName());
    private static final EventTypes TYPES = EventTypes.of(AgentConfigEvent.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<String, byte[]> consumer;
    private final DesiredTunnels desired;
    private final DesiredTunnelTranslation translation;
    private final TunnelRunner runner;
    private final Map<String, Long> refused = new HashMap<>();
    private volatile boolean closed;

    public AgentConfigFollower(String nodeId, Consumer<String, byte[]> consumer, DesiredTunnelTranslation translation,
                               TunnelRunner runner) {
        this.consumer = consumer;
        this.desired = new DesiredTunnels(nodeId);
        this.translation = translation;
        this.runner = runner;
    }

    @Override
    public void run() {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENT_CONFIG).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        try {
            while (!closed) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                records.forEach(this::fold);
                reconcile();
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    void fold(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            desired.apply(record.key(), Optional.empty()); // tombstone: the tunnel must stop
            return;
        }
        try {
            CloudEvent event = CloudEventHeaders.fromKafka(record.headers(), record.value());
            TYPES.decode(event).filter(TunnelConfigDesired.class::isInstance).map(TunnelConfigDesired.class::cast)
                    .ifPresent(config -> desired.apply(record.key(), Optional.of(config)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "skipping unreadable agent-config record at " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + ": " + e.getMessage());
        }
    }

    void reconcile() {
        for (TunnelReconciler.Action action : TunnelReconciler.plan(desired.snapshot(), runner.runningVersions())) {
            switch (action) {
                case TunnelReconciler.Stop stop -> runner.stop(stop.tunnelId());
                case TunnelReconciler.Start start -> translated(start.config()).ifPresent(runner::start);
                case TunnelReconciler.Replace replace -> translated(replace.config()).ifPresent(runner::replace);
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
        closed = true;
        consumer.wakeup();
    }
}
