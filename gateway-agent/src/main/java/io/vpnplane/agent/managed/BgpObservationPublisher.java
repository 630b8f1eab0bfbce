package io.vpnplane.agent.managed;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.producer.Producer;

import io.vpnplane.agent.bgp.session.BgpEvent;
import io.vpnplane.events.bgp.BgpObservation;
import io.vpnplane.events.bgp.BgpRoutesLearned;
import io.vpnplane.events.bgp.BgpRoutesWithdrawn;
import io.vpnplane.events.bgp.BgpSessionStateObserved;

/**
 * What this node's BGP sessions do, on {@code vpn.bgp} (key and {@code ce_subject} = session id, with the session's
 * account) in the form bgp-service consumes (REQ-GW-003): state changes, learned paths and withdrawn prefixes. A
 * session going down reports the withdrawal of everything it learned before its new state (REQ-AS-003).
 *
 * <p>The speaker hands events over on its event loop, which must not block: {@link #observe} only queues them,
 * stamped with the clock. One publishing thread takes whatever is queued and sends it as {@link BgpObservationBatches}
 * (per session, consecutive route events merged): while a peer sends its table the batches grow, when it is quiet an
 * UPDATE is published at once.
 */
public final class BgpObservationPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BgpObservationPublisher.class.getName());
    private static final int MAX_DRAIN = 10_000;
    private static final BgpObservationBatches.Observed STOP = new BgpObservationBatches.Observed(
            new BgpEvent.RoutesWithdrawn("", List.of()), Optional.empty(), Instant.EPOCH);

    private final EventSender sender;
    private final Clock clock;
    private final BgpObservationBatches batches;
    private final LinkedBlockingQueue<BgpObservationBatches.Observed> queue = new LinkedBlockingQueue<>();
    private final Map<String, String> accounts = new ConcurrentHashMap<>();
    private final Thread thread;

    public BgpObservationPublisher(String nodeId, Producer<String, byte[]> producer, Clock clock) {
        this.sender = new EventSender(producer);
        this.clock = clock;
        this.batches = new BgpObservationBatches(nodeId);
        this.thread = Thread.ofPlatform().name("bgp-observations-" + nodeId).daemon().start(this::publishLoop);
    }

    /** The account a session's observations carry; set before the session starts. */
    public void account(String sessionId, String accountId) {
        accounts.put(sessionId, accountId);
    }

    /** Queues one speaker event; never blocks (called on the speaker's event loop). */
    public void observe(BgpEvent event, Optional<String> peerRouterId) {
        queue.add(new BgpObservationBatches.Observed(event, peerRouterId, clock.instant()));
    }

    private void publishLoop() {
        List<BgpObservationBatches.Observed> drained = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                drained.add(queue.take());
            } catch (InterruptedException e) {
                stopping = true;
            }
            queue.drainTo(drained, MAX_DRAIN);
            stopping |= drained.removeIf(observed -> observed == STOP);
            try {
                batches.of(drained).forEach(this::send);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "BGP observations not published: " + e.getMessage(), e);
            }
            drained.clear();
        }
    }

    private void send(BgpObservation observation) {
        Instant at = switch (observation) {
            case BgpSessionStateObserved s -> s.observedAt();
            case BgpRoutesLearned l -> l.observedAt();
            case BgpRoutesWithdrawn w -> w.observedAt();
        };
        sender.send((Record) observation, observation.sessionId(), at, Optional.ofNullable(accounts.get(observation.sessionId())));
    }

    /** Publishes what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        queue.add(STOP);
        thread.join(10_000);
    }
}
