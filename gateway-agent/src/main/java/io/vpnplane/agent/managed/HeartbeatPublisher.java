package io.vpnplane.agent.managed;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.producer.Producer;

import io.vpnplane.events.node.GatewayNodeHeartbeat;

/**
 * Announces the node on {@code vpn.agent-heartbeats} (key and {@code ce_subject} = node id, no account) every
 * {@link ManagedConfig#heartbeatInterval()}, with its X25519 public key, in the form tunnel-service's node registry
 * consumes. A failed send is logged and the next tick tries again: the registry only needs one heartbeat per grace
 * period.
 */
public final class HeartbeatPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class.getName());

    private final ManagedConfig config;
    private final String publicKey;
    private final String softwareVersion;
    private final EventSender sender;
    private final Clock clock;
    private ScheduledFuture<?> ticking;

    public HeartbeatPublisher(ManagedConfig config, String publicKey, String softwareVersion, Producer<String, byte[]> producer,
                              Clock clock) {
        this.config = config;
        this.publicKey = publicKey;
        this.softwareVersion = softwareVersion;
        this.sender = new EventSender(producer);
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
        sender.send(beat, beat.nodeId(), beat.sentAt(), Optional.empty()); // nodes belong to the platform: no account
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
