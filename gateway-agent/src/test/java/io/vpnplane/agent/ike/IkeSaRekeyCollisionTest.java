package io.vpnplane.agent.ike;

import static io.vpnplane.agent.ike.TestTunnels.A;
import static io.vpnplane.agent.ike.TestTunnels.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IkeDecodeException;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.IkeMessage;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Simultaneous IKE SA rekeys (RFC 7296 §2.8.2) between two engines in virtual time, in the orders the network can
 * deliver them. Each run seeds both engines' randomness, so it is repeatable, and different seeds let either side hold
 * the lowest nonce.
 */
class IkeSaRekeyCollisionTest {

    private VirtualScheduler scheduler;
    private InMemoryNetwork network;
    private IkeEngine engineA;
    private IkeEngine engineB;

    private void start(long seed) {
        scheduler = new VirtualScheduler();
        network = new InMemoryNetwork(scheduler);
        engineA = new IkeEngine(scheduler, network.transportFor(), seeded(seed), EngineSettings.defaults(), ChildSaListener.NONE);
        engineB = new IkeEngine(scheduler, network.transportFor(), seeded(seed + 1_000_003), EngineSettings.defaults(),
                ChildSaListener.NONE);
        network.attach(A, engineA);
        network.attach(B, engineB);
        engineB.addTunnel(TestTunnels.tunnel("t1", B, A, "fddsFF123abc", TunnelConfig.StartAction.RESPOND_ONLY));
        engineA.addTunnel(TestTunnels.tunnel("t1", A, B, "fddsFF123abc", TunnelConfig.StartAction.START));
        scheduler.advance(Duration.ofSeconds(1));
    }

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private void rekeyBothAtOnce() {
        IkeSa onA = engineA.currentIkeSa("t1").orElseThrow();
        IkeSa onB = engineB.currentIkeSa("t1").orElseThrow();
        onA.queue(new IkeSaRekeyExchange(onA));
        onB.queue(new IkeSaRekeyExchange(onB));
    }

    @Test
    void crossedRekeysLeaveOneAndTheSameNewSaOnBothSidesWhicheverNonceIsLowest() {
        Set<Boolean> survivorMadeByA = new HashSet<>();
        for (long seed = 1; seed <= 16; seed++) {
            start(seed);
            String oldSpi = status(engineA).ikeSa().orElseThrow().initiatorSpi();

            // A's answer is lost at first: A has answered B's rekey and waits for its own (a retransmission gets it,
            // unless B's SA won and B's DELETE of the old SA settles it before)
            network.drop = d -> d.to().getAddress().equals(A) && isResponse(d, ExchangeType.CREATE_CHILD_SA);
            rekeyBothAtOnce();
            scheduler.advance(Duration.ofMillis(1));
            TunnelStatus waiting = status(engineA);
            assertThat(waiting.counters().ikeSaRekeyCollisions()).isEqualTo(1);
            if (waiting.ikeSaState().equals("ESTABLISHED")) {
                // B's SA won and B's DELETE of the old SA came first: A took over B's SA without its own answer
                assertThat(waiting.ikeSa().orElseThrow().initiator()).isFalse();
            } else {
                assertThat(waiting.ikeSaState()).isEqualTo("CONTENDING");
            }
            network.drop = d -> false;
            scheduler.advance(Duration.ofSeconds(10));

            assertOneSharedSa(oldSpi);
            assertThat(status(engineA).counters().ikeSaRekeyCollisions()).isEqualTo(1);
            assertThat(status(engineB).counters().ikeSaRekeyCollisions()).isEqualTo(1);
            survivorMadeByA.add(status(engineA).ikeSa().orElseThrow().initiator());
            assertTheNewSaWorks();
        }
        // the nonces decide, not the roles: over these seeds each side's rekey survived at least once
        assertThat(survivorMadeByA).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void aRekeyThatReachesThePeerAfterItFinishedIsRefusedAndThePeersDeleteHandsOverTheTunnel() {
        start(7);
        String oldSpi = status(engineA).ikeSa().orElseThrow().initiatorSpi();
        // B's request is lost once: A's exchange completes first and A deletes the old SA while B still waits
        network.drop = once(d -> d.from().getAddress().equals(B) && isRequest(d, ExchangeType.CREATE_CHILD_SA));

        rekeyBothAtOnce();
        scheduler.advance(Duration.ofSeconds(30));

        assertOneSharedSa(oldSpi);
        assertThat(status(engineA).ikeSa().orElseThrow().initiator()).isTrue();
        assertThat(status(engineB).lastError()).isEmpty();
        assertTheNewSaWorks();
    }

    @Test
    void aTemporaryFailureForOurRekeyAfterThePeersCompletedAlsoHandsOverTheTunnel() {
        start(11);
        String oldSpi = status(engineA).ikeSa().orElseThrow().initiatorSpi();
        Instant until = scheduler.now().plusSeconds(3);
        // B's request lost once, and A's DELETE of the old SA held back: B's retransmission meets the rekeyed SA on A
        network.drop = once(d -> d.from().getAddress().equals(B) && isRequest(d, ExchangeType.CREATE_CHILD_SA))
                .or(d -> d.from().getAddress().equals(A) && isRequest(d, ExchangeType.INFORMATIONAL)
                        && scheduler.now().isBefore(until));

        rekeyBothAtOnce();
        scheduler.advance(Duration.ofSeconds(60));

        assertOneSharedSa(oldSpi);
        assertThat(status(engineA).ikeSa().orElseThrow().initiator()).isTrue();
        assertThat(status(engineB).lastError()).isEmpty();
        assertTheNewSaWorks();
    }

    private void assertOneSharedSa(String oldSpi) {
        TunnelStatus a = status(engineA);
        TunnelStatus b = status(engineB);
        assertThat(a.ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(b.ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(a.ikeSa().orElseThrow().initiatorSpi()).isNotEqualTo(oldSpi)
                .isEqualTo(b.ikeSa().orElseThrow().initiatorSpi());
        assertThat(a.ikeSa().orElseThrow().responderSpi()).isEqualTo(b.ikeSa().orElseThrow().responderSpi());
        // the old SA and the redundant new one are deleted on both sides, nothing lingers
        scheduler.advance(EngineSettings.defaults().halfOpenTimeout().plusSeconds(1));
        assertThat(engineA.registeredIkeSas()).isEqualTo(1);
        assertThat(engineB.registeredIkeSas()).isEqualTo(1);
        assertThat(engineA.childSas("t1")).hasSize(1);
        assertThat(engineB.childSas("t1")).hasSize(1);
        assertThat(a.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
    }

    /** A CHILD_SA rekey and a liveness check over the surviving SA succeed, and later timers change nothing. */
    private void assertTheNewSaWorks() {
        long rekeyed = status(engineA).counters().childSaRekeyed();
        engineA.currentIkeSa("t1").orElseThrow().rekeyChild(engineA.childSas("t1").getFirst());
        engineB.currentIkeSa("t1").orElseThrow().sendLivenessCheck();
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(status(engineA).counters().childSaRekeyed()).isEqualTo(rekeyed + 1);
        assertThat(engineA.childSas("t1").getFirst().inboundSpi()).isEqualTo(engineB.childSas("t1").getFirst().outboundSpi());
        String spi = status(engineA).ikeSa().orElseThrow().initiatorSpi();
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(status(engineA).ikeSa().orElseThrow().initiatorSpi()).isEqualTo(spi);
        assertThat(engineA.registeredIkeSas()).isEqualTo(1);
        assertThat(engineB.registeredIkeSas()).isEqualTo(1);
    }

    private static TunnelStatus status(IkeEngine engine) {
        return engine.status("t1").orElseThrow();
    }

    private static boolean isRequest(InMemoryNetwork.Datagram datagram, ExchangeType type) {
        try {
            IkeHeader header = IkeMessage.decode(datagram.data()).header();
            return !header.response() && header.exchangeType() == type;
        } catch (IkeDecodeException e) {
            return false;
        }
    }

    private static boolean isResponse(InMemoryNetwork.Datagram datagram, ExchangeType type) {
        try {
            IkeHeader header = IkeMessage.decode(datagram.data()).header();
            return header.response() && header.exchangeType() == type;
        } catch (IkeDecodeException e) {
            return false;
        }
    }

    private static Predicate<InMemoryNetwork.Datagram> once(Predicate<InMemoryNetwork.Datagram> condition) {
        boolean[] done = {false};
        return d -> {
            if (!done[0] && condition.test(d)) {
                done[0] = true;
                return true;
            }
            return false;
        };
    }
}
