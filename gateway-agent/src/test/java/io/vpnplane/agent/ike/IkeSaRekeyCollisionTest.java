package io.vpnplane.agent.ike;

import static io.vpnplane.agent.ike.TestTunnels.A;
import static io.vpnplane.agent.ike.TestTunnels.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.crypto.KeyExchangeSource;
import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IkeDecodeException;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.IkeMessage;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Simultaneous IKE SA rekeying, RFC 7296 §2.8.2 (REQ-GW-001), between two engines in virtual time with
 * scripted nonces. Both CREATE_CHILD_SA exchanges complete; the new SA made with the lowest of the four
 * nonces is redundant and deleted by the end that created it; the winning SA takes the CHILD_SAs over and
 * its initiator deletes the old SA. When the order of messages decides before the nonces can (the peer's
 * DELETE of the old SA, or its request arriving after our answer), both ends still agree on one SA.
 */
class IkeSaRekeyCollisionTest {

    private enum Side { A, B }

    /** Where the lowest of the four nonces sits, and whose rekey therefore survives. */
    private enum Lowest {
        /** A's request nonce: A's new SA is redundant. */
        A_REQUEST(Side.B),
        /** B's answer to A's request: A's new SA is redundant. */
        B_ANSWER(Side.B),
        /** B's request nonce: B's new SA is redundant. */
        B_REQUEST(Side.A),
        /** A's answer to B's request: B's new SA is redundant. */
        A_ANSWER(Side.A);

        final Side survivor;

        Lowest(Side survivor) {
            this.survivor = survivor;
        }
    }

    /** Scripted nonces first, random ones once the script is used up. */
    private static final class ScriptedNonces implements Supplier<byte[]> {
        private final Deque<byte[]> script = new ArrayDeque<>();
        private final SecureRandom random = new SecureRandom();

        void script(byte[]... nonces) {
            script.addAll(List.of(nonces));
        }

        int unused() {
            return script.size();
        }

        @Override
        public byte[] get() {
            if (!script.isEmpty()) {
                return script.poll();
            }
            byte[] nonce = new byte[32];
            random.nextBytes(nonce);
            return nonce;
        }
    }

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler);
    private final IkeEngineTest.RecordingListener listenerA = new IkeEngineTest.RecordingListener();
    private final IkeEngineTest.RecordingListener listenerB = new IkeEngineTest.RecordingListener();
    private final ScriptedNonces noncesA = new ScriptedNonces();
    private final ScriptedNonces noncesB = new ScriptedNonces();
    private final IkeEngine engineA = engine(listenerA, noncesA);
    private final IkeEngine engineB = engine(listenerB, noncesB);

    private String oldSpiI;
    private List<ChildSa> childrenA;
    private List<ChildSa> childrenB;

    private IkeEngine engine(ChildSaListener listener, ScriptedNonces nonces) {
        SecureRandom random = new SecureRandom();
        return new IkeEngine(scheduler, network.transportFor(), random, EngineSettings.defaults(), listener,
                PeerActivity.NONE, KeyExchangeSource.generateOnDemand(random), nonces);
    }

    @BeforeEach
    void establish() {
        network.attach(A, engineA);
        network.attach(B, engineB);
        engineB.addTunnel(TestTunnels.tunnel("t1", B, A, "collide-ike-psk", TunnelConfig.StartAction.RESPOND_ONLY));
        engineA.addTunnel(TestTunnels.tunnel("t1", A, B, "collide-ike-psk", TunnelConfig.StartAction.START));
        scheduler.advance(Duration.ofSeconds(1));
        oldSpiI = status(Side.A).ikeSa().orElseThrow().initiatorSpi();
        childrenA = engineA.childSas("t1");
        childrenB = engineB.childSas("t1");
        assertThat(childrenA).hasSize(1);
    }

    /** 32 octets that sort by {@code rank} (0 lowest); random below the first octet. */
    private static byte[] nonce(int rank) {
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        nonce[0] = (byte) (0x20 * (rank + 1));
        return nonce;
    }

    /** Scripts A's request/answer nonces and B's so that {@code lowest} holds the lowest one. */
    private void scriptNonces(Lowest lowest) {
        byte[][] byPlace = new byte[4][];
        int rank = 1;
        for (Lowest place : Lowest.values()) {
            byPlace[place.ordinal()] = nonce(place == lowest ? 0 : rank++);
        }
        noncesA.script(byPlace[Lowest.A_REQUEST.ordinal()], byPlace[Lowest.A_ANSWER.ordinal()]);
        noncesB.script(byPlace[Lowest.B_REQUEST.ordinal()], byPlace[Lowest.B_ANSWER.ordinal()]);
    }

    private void rekeyBoth() {
        assertThat(engineA.rekeyIke("t1")).isTrue();
        assertThat(engineB.rekeyIke("t1")).isTrue();
    }

    private IkeEngine engine(Side side) {
        return side == Side.A ? engineA : engineB;
    }

    private TunnelStatus status(Side side) {
        return engine(side).status("t1").orElseThrow();
    }

    private static Optional<IkeHeader> header(InMemoryNetwork.Datagram datagram) {
        if (datagram.keepalive()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IkeMessage.decode(datagram.data()).header());
        } catch (IkeDecodeException e) {
            return Optional.empty();
        }
    }

    private static Predicate<InMemoryNetwork.Datagram> from(InetAddress sender, ExchangeType type, boolean response) {
        return d -> d.from().getAddress().equals(sender)
                && header(d).filter(h -> h.exchangeType() == type && h.response() == response).isPresent();
    }

    private static String spis(IkeHeader header) {
        return String.format("%016x/%016x", header.initiatorSpi(), header.responderSpi());
    }

    private String survivingSpis() {
        TunnelStatus.IkeSaView view = status(Side.A).ikeSa().orElseThrow();
        return view.initiatorSpi() + "/" + view.responderSpi();
    }

    /**
     * Both ends carry the tunnel on the same new IKE SA, the one {@code survivor} initiated, with the
     * CHILD_SAs it had before the rekey; the collision was counted on both ends.
     */
    private void assertOneIkeSaOn(Side survivor) {
        for (Side side : Side.values()) {
            TunnelStatus status = status(side);
            assertThat(status.ikeSaState()).isEqualTo("ESTABLISHED");
            assertThat(status.ikeSa().orElseThrow().initiator()).as("initiator of the surviving SA on " + side)
                    .isEqualTo(side == survivor);
            assertThat(status.counters().ikeSaRekeyed()).isEqualTo(1);
            assertThat(status.counters().ikeSaRekeyCollisions()).isEqualTo(1);
            assertThat(status.lastError()).isEmpty();
            assertThat(status.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        }
        TunnelStatus.IkeSaView a = status(Side.A).ikeSa().orElseThrow();
        TunnelStatus.IkeSaView b = status(Side.B).ikeSa().orElseThrow();
        assertThat(a.initiatorSpi()).isEqualTo(b.initiatorSpi()).isNotEqualTo(oldSpiI);
        assertThat(a.responderSpi()).isEqualTo(b.responderSpi());
        // The CHILD_SAs moved over untouched: nothing installed or removed in the data plane.
        assertThat(engineA.childSas("t1")).isEqualTo(childrenA);
        assertThat(engineB.childSas("t1")).isEqualTo(childrenB);
        assertThat(listenerA.installed).hasSize(1);
        assertThat(listenerA.removed).isEmpty();
        assertThat(listenerB.installed).hasSize(1);
        assertThat(listenerB.removed).isEmpty();
    }

    private void assertNothingLingers() {
        assertThat(engineA.registeredSas()).containsExactly(engineA.currentIkeSa("t1").orElseThrow());
        assertThat(engineB.registeredSas()).containsExactly(engineB.currentIkeSa("t1").orElseThrow());
    }

    /**
     * Later virtual time brings back none of the old or redundant SAs: the only IKE traffic (DPD
     * liveness checks) runs on the surviving SA, and nothing changes. Then a CHILD_SA rekey and an
     * INFORMATIONAL run over it, and after a DELETE both ends stay silent for good.
     */
    private void assertTheSurvivorWorksAndNoTimerLeaks() {
        String surviving = survivingSpis();
        int mark = network.sent.size();
        scheduler.advance(Duration.ofMinutes(10));

        assertNothingLingers();
        assertThat(survivingSpis()).isEqualTo(surviving);
        Set<String> spisUsed = network.sent.subList(mark, network.sent.size()).stream()
                .flatMap(d -> header(d).stream()).map(IkeSaRekeyCollisionTest::spis).collect(Collectors.toSet());
        assertThat(spisUsed).containsExactly(surviving);
        for (Side side : Side.values()) {
            assertThat(status(side).ikeSaState()).isEqualTo("ESTABLISHED");
            assertThat(status(side).counters().ikeSaRekeyed()).isEqualTo(1);
            assertThat(status(side).counters().retransmits()).isZero();
        }

        engineA.currentIkeSa("t1").orElseThrow().rekeyChild(engineA.childSas("t1").getFirst());
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(status(Side.A).counters().childSaRekeyed()).isEqualTo(1);
        assertThat(status(Side.B).counters().childSaRekeyed()).isEqualTo(1);
        ChildSa childA = engineA.childSas("t1").getFirst();
        ChildSa childB = engineB.childSas("t1").getFirst();
        assertThat(engineA.childSas("t1")).hasSize(1).doesNotContain(childrenA.getFirst());
        assertThat(childA.inboundSpi()).isEqualTo(childB.outboundSpi());
        assertThat(childA.keys().outboundEncryptionKey()).isEqualTo(childB.keys().inboundEncryptionKey());

        IkeSa onB = engineB.currentIkeSa("t1").orElseThrow();
        long receivedBefore = status(Side.B).counters().messagesReceived();
        onB.sendLivenessCheck();
        scheduler.advance(Duration.ofMillis(100));
        assertThat(onB.idle()).isTrue();
        assertThat(status(Side.B).counters().messagesReceived()).isEqualTo(receivedBefore + 1);

        engineA.terminate("t1");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(status(Side.A).ikeSaState()).isEqualTo("NONE");
        assertThat(status(Side.B).ikeSaState()).isEqualTo("NONE");
        assertThat(status(Side.B).negotiationStatus()).isEqualTo("deleted by peer");
        assertThat(engineA.registeredSas()).isEmpty();
        assertThat(engineB.registeredSas()).isEmpty();
        int quiet = network.sent.size();
        scheduler.advance(Duration.ofHours(30)); // past every rekey and lifetime timer of the SAs involved
        assertThat(network.sent).hasSize(quiet);
        assertThat(status(Side.A).ikeSaState()).isEqualTo("NONE");
        assertThat(status(Side.B).ikeSaState()).isEqualTo("NONE");
    }

    @ParameterizedTest
    @EnumSource(Lowest.class)
    void crossedRekeysBothCompleteAndTheSaWithTheLowestNonceIsDeletedByItsInitiator(Lowest lowest) {
        scriptNonces(lowest);
        int mark = network.sent.size();

        rekeyBoth();
        scheduler.runPending();

        assertThat(noncesA.unused()).isZero();
        assertThat(noncesB.unused()).isZero();
        // Each end answered the other's request normally: no TEMPORARY_FAILURE, no retry.
        assertOneIkeSaOn(lowest.survivor);
        assertNothingLingers();
        // Exactly two DELETEs: the old SA by the survivor's initiator, the redundant SA by its own initiator.
        InetAddress winner = lowest.survivor == Side.A ? A : B;
        InetAddress loser = lowest.survivor == Side.A ? B : A;
        List<InMemoryNetwork.Datagram> deletes = network.sent.subList(mark, network.sent.size()).stream()
                .filter(from(A, ExchangeType.INFORMATIONAL, false).or(from(B, ExchangeType.INFORMATIONAL, false)))
                .toList();
        assertThat(deletes).hasSize(2);
        String old = oldSpiI;
        assertThat(deletes).filteredOn(d -> spis(header(d).orElseThrow()).startsWith(old))
                .singleElement().satisfies(d -> assertThat(d.from().getAddress()).isEqualTo(winner));
        assertThat(deletes).filteredOn(d -> !spis(header(d).orElseThrow()).startsWith(old))
                .singleElement().satisfies(d -> {
                    assertThat(d.from().getAddress()).isEqualTo(loser);
                    assertThat(spis(header(d).orElseThrow())).isNotEqualTo(survivingSpis());
                });
        assertTheSurvivorWorksAndNoTimerLeaks();
    }

    @Test
    void bothSidesShowContendingWhileTheCollisionIsUndecided() {
        scriptNonces(Lowest.A_ANSWER);
        network.hold = from(A, ExchangeType.CREATE_CHILD_SA, true).or(from(B, ExchangeType.CREATE_CHILD_SA, true));

        rekeyBoth();
        scheduler.runPending();

        assertThat(network.held).hasSize(2);
        for (Side side : Side.values()) {
            TunnelStatus status = status(side);
            assertThat(status.ikeSaState()).isEqualTo("CONTENDING");
            assertThat(status.ikeSa().orElseThrow().initiatorSpi()).isEqualTo(oldSpiI);
            // Still up for whoever watches the tunnel (TunnelObserver: established-at present).
            assertThat(status.ikeSa().orElseThrow().establishedAt()).isPresent();
            assertThat(status.childSas()).hasSize(1);
            assertThat(status.counters().ikeSaRekeyCollisions()).isEqualTo(1);
        }
        // The old SA and the peer's not yet decided new one can both receive.
        assertThat(engineA.registeredSas()).hasSize(2);
        assertThat(engineB.registeredSas()).hasSize(2);
        // Further requests for the CHILD_SAs wait and then run on the surviving SA.
        assertThat(engineA.createChildSa("t1")).isEqualTo(ChildSaRequest.QUEUED);

        network.hold = d -> false;
        List.copyOf(network.held).forEach(network::release);
        scheduler.runPending();

        assertThat(status(Side.A).ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(engineA.childSas("t1")).hasSize(2);
        assertThat(engineB.childSas("t1")).hasSize(2);
        assertThat(status(Side.A).ikeSa().orElseThrow().initiator()).isTrue();
        assertThat(status(Side.A).ikeSa().orElseThrow().initiatorSpi())
                .isEqualTo(status(Side.B).ikeSa().orElseThrow().initiatorSpi());
        assertNothingLingers();
    }

    @Test
    void thePeersDeleteOfTheOldSaBeforeOurAnswerMakesThePeersSaWin() {
        // B's SA wins on nonces; B's answer to A's request is late, so B's DELETE of the old SA reaches A first.
        scriptNonces(Lowest.A_REQUEST);
        network.hold = from(B, ExchangeType.CREATE_CHILD_SA, true);

        rekeyBoth();
        scheduler.runPending();

        assertThat(network.held).hasSize(1);
        network.hold = d -> false;
        network.release(network.held.getFirst());
        scheduler.runPending(); // reaches A after A closed the old SA: dropped

        assertOneIkeSaOn(Side.B);
        assertThat(engineA.registeredSas()).hasSize(1);
        // B keeps A's redundant SA until A deletes it, which A cannot (it never saw the answer): a timeout.
        assertThat(engineB.registeredSas()).hasSize(2);
        scheduler.advance(EngineSettings.defaults().halfOpenTimeout());
        assertNothingLingers();
        assertTheSurvivorWorksAndNoTimerLeaks();
    }

    @Test
    void thePeersDeleteOfItsRedundantSaBeforeOurAnswerLeavesOursTheWinner() {
        // A's SA wins on nonces; B deletes its own SA (A's undecided candidate) before A sees its answer.
        scriptNonces(Lowest.B_REQUEST);
        network.hold = from(B, ExchangeType.CREATE_CHILD_SA, true);

        rekeyBoth();
        scheduler.runPending();

        assertThat(status(Side.A).ikeSaState()).isEqualTo("CONTENDING");
        assertThat(engineA.registeredSas()).hasSize(1); // B's SA is gone already
        network.hold = d -> false;
        network.release(network.held.getFirst());
        scheduler.runPending();

        assertOneIkeSaOn(Side.A);
        assertNothingLingers();
        assertTheSurvivorWorksAndNoTimerLeaks();
    }

    @Test
    void thePeersRequestAfterOurAnswerIsRefusedAndThePeerAdoptsOurSa() {
        // B's request is late: A finishes its rekey unaware and refuses B's with TEMPORARY_FAILURE, which
        // reaches B before A's DELETE of the old SA. B's SA would have won on nonces; the order decides.
        noncesA.script(nonce(0));
        noncesB.script(nonce(2), nonce(1));
        network.hold = from(B, ExchangeType.CREATE_CHILD_SA, false).or(from(A, ExchangeType.INFORMATIONAL, false));

        rekeyBoth();
        scheduler.runPending();

        assertThat(status(Side.B).ikeSaState()).isEqualTo("CONTENDING");
        assertThat(network.held).hasSize(2);
        network.hold = d -> false;
        InMemoryNetwork.Datagram lateRequest = network.held.stream().filter(from(B, ExchangeType.CREATE_CHILD_SA,
                false)).findFirst().orElseThrow();
        InMemoryNetwork.Datagram delete = network.held.stream().filter(from(A, ExchangeType.INFORMATIONAL, false))
                .findFirst().orElseThrow();
        network.release(lateRequest);
        scheduler.runPending();

        // The refusal made B adopt A's SA; B's old SA now only waits for A's DELETE.
        assertThat(status(Side.B).ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(status(Side.B).ikeSa().orElseThrow().initiatorSpi())
                .isEqualTo(status(Side.A).ikeSa().orElseThrow().initiatorSpi());
        assertThat(engineB.registeredSas()).hasSize(2);
        network.release(delete);
        scheduler.runPending();

        assertOneIkeSaOn(Side.A);
        assertNothingLingers();
        assertTheSurvivorWorksAndNoTimerLeaks();
    }

    @Test
    void thePeersRequestAfterOurAnswerAndOurDeleteBeforeItsRefusalAlsoEndsOnOurSa() {
        // As above, but A's DELETE of the old SA reaches B before A's refusal of B's late request.
        noncesA.script(nonce(3));
        noncesB.script(nonce(0), nonce(1));
        network.hold = from(B, ExchangeType.CREATE_CHILD_SA, false).or(from(A, ExchangeType.INFORMATIONAL, false));

        rekeyBoth();
        scheduler.runPending();

        network.hold = d -> false;
        InMemoryNetwork.Datagram lateRequest = network.held.stream().filter(from(B, ExchangeType.CREATE_CHILD_SA,
                false)).findFirst().orElseThrow();
        InMemoryNetwork.Datagram delete = network.held.stream().filter(from(A, ExchangeType.INFORMATIONAL, false))
                .findFirst().orElseThrow();
        network.release(delete);
        network.release(lateRequest);
        scheduler.runPending();

        assertOneIkeSaOn(Side.A);
        assertNothingLingers();
        assertTheSurvivorWorksAndNoTimerLeaks();
    }

    @Test
    void terminatingWhileContendingDeletesEveryIkeSaOnBothSides() {
        scriptNonces(Lowest.B_ANSWER);
        network.hold = from(A, ExchangeType.CREATE_CHILD_SA, true).or(from(B, ExchangeType.CREATE_CHILD_SA, true));
        rekeyBoth();
        scheduler.runPending();
        assertThat(status(Side.A).ikeSaState()).isEqualTo("CONTENDING");

        engineA.terminate("t1");
        network.hold = d -> false;
        List.copyOf(network.held).forEach(network::release);
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(status(Side.A).ikeSaState()).isEqualTo("NONE");
        assertThat(status(Side.B).ikeSaState()).isEqualTo("NONE");
        assertThat(engineA.registeredSas()).isEmpty();
        assertThat(engineB.registeredSas()).isEmpty();
        assertThat(engineA.childSas("t1")).isEmpty();
        assertThat(engineB.childSas("t1")).isEmpty();
        int quiet = network.sent.size();
        scheduler.advance(Duration.ofHours(30));
        assertThat(network.sent).hasSize(quiet);
    }
}
