package io.vpnplane.agent.managed;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import io.vpnplane.agent.bgp.BgpSpeaker;
import io.vpnplane.agent.bgp.SpeakerConfig;
import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.BgpEvent;
import io.vpnplane.agent.bgp.session.SessionConfig;
import io.vpnplane.agent.bgp.session.SessionSnapshot;
import io.vpnplane.agent.bgp.session.SessionState;

/**
 * A managed node's BGP speaker with its control loop: {@link BgpSessionFollower} (on its own thread) adds, changes and
 * removes the sessions bgp-service assigns to the node; {@link BgpObservationPublisher} reports what they do. The
 * speaker accepts connections on each session's local address at port 179 (bound once the address exists, e.g. when
 * the tunnel's inside address is on the TUN device) and opens its own, so either side may connect first.
 */
public final class ManagedBgpSpeaker implements AutoCloseable {

    private static final Duration JOIN = Duration.ofSeconds(30);

    private final BgpSpeaker speaker;
    private final BgpObservationPublisher publisher;
    private final BgpSessionFollower follower;
    private final Thread thread;

    private ManagedBgpSpeaker(BgpSpeaker speaker, BgpObservationPublisher publisher, BgpSessionFollower follower, Thread thread) {
        this.speaker = speaker;
        this.publisher = publisher;
        this.follower = follower;
        this.thread = thread;
    }

    /**
     * Starts the speaker and follows {@code vpn.bgp} / {@code vpn.agent-config} on {@code consumer} (which it closes);
     * {@code leasedLineForwarding} gets prefix → next hop of the leased-line best paths of the sessions it runs.
     */
    public static ManagedBgpSpeaker start(String nodeId, Consumer<String, byte[]> consumer, Producer<String, byte[]> producer,
                                          Clock clock, java.util.function.Consumer<Map<io.vpnplane.agent.dataplane.Ipv4Prefix, String>> leasedLineForwarding)
            throws IOException {
        BgpObservationPublisher publisher = new BgpObservationPublisher(nodeId, producer, clock);
        AtomicReference<BgpSpeaker> started = new AtomicReference<>();
        BgpSpeaker.warmUp();
        BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.onSessionAddresses(SessionConfig.BGP_PORT),
                event -> publisher.observe(event, peerRouterId(started.get(), event)));
        started.set(speaker);
        BgpSessionFollower follower = new BgpSessionFollower(nodeId, consumer, new SpeakerRunner(speaker, publisher),
                leasedLineForwarding);
        Thread thread = Thread.ofPlatform().name("bgp-sessions-" + nodeId).start(follower);
        return new ManagedBgpSpeaker(speaker, publisher, follower, thread);
    }

    /** The peer's identifier for a session that just became Established (runs on the speaker's loop: no waiting). */
    private static Optional<String> peerRouterId(BgpSpeaker speaker, BgpEvent event) {
        if (speaker != null && event instanceof BgpEvent.StateChanged changed && changed.to() == SessionState.ESTABLISHED) {
            return speaker.session(changed.sessionId()).flatMap(SessionSnapshot::peerRouterId);
        }
        return Optional.empty();
    }

    /** The speaker, for the admin API ({@code GET /agent/v1/bgp/sessions}). */
    public BgpSpeaker speaker() {
        return speaker;
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
        thread.join(JOIN.toMillis());
        speaker.close(); // every session goes down: their withdrawals and IDLE are still published
        publisher.close();
    }

    /** The follower's actions on the speaker. */
    private record SpeakerRunner(BgpSpeaker speaker, BgpObservationPublisher publisher) implements BgpSessionRunner {

        @Override
        public void start(ManagedBgpSession session) {
            publisher.account(session.id(), session.accountId());
            speaker.addSession(session.config());
            speaker.advertise(session.id(), session.advertise());
        }

        @Override
        public void stop(String sessionId) {
            speaker.removeSession(sessionId);
        }

        @Override
        public void advertise(String sessionId, Set<Ipv4Prefix> prefixes) {
            speaker.advertise(sessionId, prefixes);
        }
    }
}
