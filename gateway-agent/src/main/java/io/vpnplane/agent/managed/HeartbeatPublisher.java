package io.vpnplane.agent.managed;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventTypeInfo;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.node.GatewayNodeEvent;
import io.vpnplane.events.node.GatewayNodeHeartbeat;

/**
 * Announces the node on {@code vpn.agent-heartbeats} (key and {@code ce_subject} = node id, no account) every
 * {@link ManagedConfig#heartbeatInterval()}, with its X25519 public key, in the form tunnel-service's node registry
 * consumes. A failed send is logged and the next tick tries again: the registry only needs one heartbeat per grace
 * period.
 */
public final class HeartbeatPublisher implements AutoCloseable {

    static final URI SOURCE = URI.create("/vpnplane/gateway-agent");
    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class.getName());
    private static final EventTypes TYPES = EventTypes.of(GatewayNodeEvent.class);

    private final ManagedConfig config;
    private final String publicKey;
    private final String softwareVersion;
    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private ScheduledFuture<?> ticking;

    public HeartbeatPublisher(ManagedConfig config, String publicKey, String softwareVersion, Producer<String, byte[]> producer,
                              Clock clock) {
        this.config = config;
        this.publicKey = publicKey;
        this.softwareVersion = softwareVersion;
        this.producer = producer;
        this.clock = clock;
    }

    /** Sends the first heartbeat at once, then one per interval on {@code scheduler}. */
    public synchronized void start(ScheduledExecutorService scheduler) {
        long millis = config.heartbeatInterval().toMillis();
        ticking = scheduler.scheduleAtFixedRate(this::sendQuietly, 0, millis, TimeUnit.MILLISECONDS);
    }

    /** The heartbeat this node sends now. */
    GatewayNodeHeartbeat heartbeat() {
        return new GatewayNodeHeartbeat(config.nodeId(), config.zone(), config.gatewayAddresses(), config.capacity(),
                softwareVersion, publicKey, clock.instant());
    }

    void send() {
        GatewayNodeHeartbeat beat = heartbeat();
        EventTypeInfo info = TYPES.describe(beat);
        CloudEvent event = new CloudEvent(UUID.randomUUID(), SOURCE, info.ceType(), beat.nodeId(), beat.sentAt(),
                Optional.empty(), UUID.randomUUID().toString(), Optional.empty(), Optional.empty(), TYPES.encode(beat));
        producer.send(new ProducerRecord<>(info.topic(), null, event.subject(), event.data(), CloudEventHeaders.toKafka(event)),
                (metadata, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.WARNING, "heartbeat of " + beat.nodeId() + " not sent: " + failure.getMessage());
                    }
                });
    }

    private void sendQuietly() {
        try {
            send();
        } catch (RuntimeException e) {
            // a throwing task would cancel the schedule; the next tick retries
            LOG.log(Level.WARNING, "heartbeat not sent", e);
        }
    }

    @Override
    public synchronized void close() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }
}
