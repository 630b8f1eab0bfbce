package io.vpnplane.agent.ike;

import static io.vpnplane.agent.ike.TestTunnels.A;
import static io.vpnplane.agent.ike.TestTunnels.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IkeMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two engines talking through an in-memory network in virtual time. */
class IkeEngineTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler);
    private final RecordingListener listenerA = new RecordingListener();
    private final RecordingListener listenerB = new RecordingListener();
    private final IkeEngine engineA = engine(listenerA);
    private final IkeEngine engineB = engine(listenerB);

    {
        network.attach(A, engineA);
        network.attach(B, engineB);
    }

    private IkeEngine engine(ChildSaListener listener) {
        return new IkeEngine(scheduler, network.transportFor(), new SecureRandom(), EngineSettings.defaults(), listener);
    }

    static final class RecordingListener implements ChildSaListener {
        final List<ChildSa> installed = new ArrayList<>();
        final List<ChildSa> removed = new ArrayList<>();

        @Override
        public void installed(ChildSa childSa) {
            installed.add(childSa);
        }

        @Override
        public void removed(ChildSa childSa) {
            removed.add(childSa);
        }
    }

    private void start(TunnelConfig onA, TunnelConfig onB) {
        engineB.addTunnel(onB);
        engineA.addTunnel(onA);
        scheduler.advance(Duration.ofSeconds(1));
    }

    private static TunnelConfig initiator() {
        return TestTunnels.tunnel("t1", A, B, "fddsFF123abc", TunnelConfig.StartAction.START);
    }

    private static TunnelConfig responder() {
        return TestTunnels.tunnel("t1", B, A, "fddsFF123abc", TunnelConfig.StartAction.RESPOND_ONLY);
    }

    private static void assertPaired(ChildSa a, ChildSa b) {
        assertThat(a.inboundSpi()).isEqualTo(b.outboundSpi());
        assertThat(a.outboundSpi()).isEqualTo(b.inboundSpi());
        assertThat(a.keys().inboundEncryptionKey()).isEqualTo(b.keys().outboundEncryptionKey());
        assertThat(a.keys().outboundEncryptionKey()).isEqualTo(b.keys().inboundEncryptionKey());
        assertThat(a.keys().inboundIntegrityKey()).isEqualTo(b.keys().outboundIntegrityKey());
        assertThat(a.keys().inboundEncryptionKey()).isNotEqualTo(a.keys().outboundEncryptionKey());
    }

    @Test
    void initiatorAndResponderEstablishIkeAndChildSaWithMatchingKeys() {
        start(initiator(), responder());

        TunnelStatus a = engineA.status("t1").orElseThrow();
        TunnelStatus b = engineB.status("t1").orElseThrow();
        assertThat(a.ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(b.ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(a.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded"); // REQ-TUN-012
        assertThat(b.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        assertThat(engineA.childSas("t1")).hasSize(1);
        assertPaired(engineA.childSas("t1").getFirst(), engineB.childSas("t1").getFirst());
        ChildSa child = engineA.childSas("t1").getFirst();
        assertThat(child.localSelectors()).hasToString("[0.0.0.0..255.255.255.255]"); // REQ-CONN-005 destination mode
        assertThat(child.udpEncapsulated()).isTrue();
        assertThat(child.remoteEndpoint().getPort()).isEqualTo(4500);
        assertThat(child.toString()).doesNotContainIgnoringCase(java.util.HexFormat.of()
                .formatHex(child.keys().outboundEncryptionKey()));
        assertThat(a.ikeSa().orElseThrow().algorithms()).isEqualTo("aes128-sha1-prfsha1-modp1024");
        assertThat(listenerA.installed).hasSize(1);
    }

    @Test
    void everyMessageAfterNatDetectionUsesPort4500AndNoNatTKeepsPort500() {
        start(initiator(), responder());
        assertThat(network.sent.stream().filter(d -> !d.keepalive())
                .map(d -> d.to().getPort())).startsWith(500, 500).contains(4500);

        InMemoryNetwork.Datagram lastAuth = network.sent.get(2);
        assertThat(lastAuth.from().getPort()).isEqualTo(4500);

        VirtualScheduler otherTime = new VirtualScheduler();
        InMemoryNetwork plain = new InMemoryNetwork(otherTime);
        IkeEngine a = new IkeEngine(otherTime, plain.transportFor(), new SecureRandom(), EngineSettings.defaults(),
                ChildSaListener.NONE);
        IkeEngine b = new IkeEngine(otherTime, plain.transportFor(), new SecureRandom(), EngineSettings.defaults(),
                ChildSaListener.NONE);
        plain.attach(A, a);
        plain.attach(B, b);
        b.addTunnel(TestTunnels.withNat(responder(), false, false)); // REQ-TUN-007 NAT-T off
        a.addTunnel(TestTunnels.withNat(initiator(), false, false));
        otherTime.advance(Duration.ofSeconds(1));
        assertThat(a.childSas("t1")).singleElement().satisfies(c -> assertThat(c.udpEncapsulated()).isFalse());
        assertThat(plain.sent).allSatisfy(d -> assertThat(d.to().getPort()).isEqualTo(500));
    }

    @Test
    void natDetectionMovesToPort4500OnlyWhenANatIsFound() {
        // REQ-TUN-007 with real detection (no forced encapsulation): no NAT, so IKE and ESP stay on 500/raw.
        TunnelConfig a = TestTunnels.withNat(initiator(), true, false);
        TunnelConfig b = TestTunnels.withNat(responder(), true, false);
        start(a, b);
        assertThat(engineA.childSas("t1")).singleElement().satisfies(c -> assertThat(c.udpEncapsulated()).isFalse());
        assertThat(network.sent).allSatisfy(d -> assertThat(d.to().getPort()).isEqualTo(500));

        VirtualScheduler time = new VirtualScheduler();
        InMemoryNetwork natted = new InMemoryNetwork(time);
        IkeEngine behindNat = new IkeEngine(time, natted.transportFor(), new SecureRandom(), EngineSettings.defaults(),
                ChildSaListener.NONE);
        IkeEngine cloud = new IkeEngine(time, natted.transportFor(), new SecureRandom(), EngineSettings.defaults(),
                ChildSaListener.NONE);
        java.net.InetAddress publicAddress = TestTunnels.address("203.0.113.5");
        natted.natInFrontOf(A, publicAddress);
        natted.attach(A, behindNat);
        natted.attach(B, cloud);
        // The customer gateway's identity stays its private address; only its IP packets are translated.
        TunnelConfig cloudTunnel = TestTunnels.withNat(TestTunnels.tunnel("t1", B, publicAddress, "fddsFF123abc",
                TunnelConfig.StartAction.RESPOND_ONLY), true, false);
        cloud.addTunnel(TestTunnels.withIke(cloudTunnel, TestTunnels.ike(EncryptionAlgorithm.AES_128_CBC,
                IntegrityAlgorithm.HMAC_SHA1_96, List.of(DiffieHellmanGroup.MODP_1024), Duration.ofHours(1), B, A)));
        behindNat.addTunnel(a);
        time.advance(Duration.ofSeconds(1));

        ChildSa cloudSide = cloud.childSas("t1").getFirst();
        assertThat(cloudSide.udpEncapsulated()).isTrue();
        assertThat(cloudSide.remoteEndpoint()).hasToString("/203.0.113.5:34500"); // the NAT's mapping of 4500
        assertThat(behindNat.childSas("t1").getFirst().udpEncapsulated()).isTrue();
        assertThat(behindNat.status("t1").orElseThrow().ikeSa().orElseThrow().natDetected()).isTrue();
    }

    @Test
    void childAndIkeSaRekeyWithPfsKeepTheTunnelUp() {
        TunnelConfig a = TestTunnels.withIpsec(initiator(), TestTunnels.ipsec(Optional.of(DiffieHellmanGroup.MODP_1024),
                Duration.ofSeconds(20)));
        a = TestTunnels.withIke(a, TestTunnels.ike(EncryptionAlgorithm.AES_128_CBC, IntegrityAlgorithm.HMAC_SHA1_96,
                List.of(DiffieHellmanGroup.MODP_1024), Duration.ofSeconds(30), A, B));
        TunnelConfig b = TestTunnels.withIpsec(responder(), TestTunnels.ipsec(Optional.of(DiffieHellmanGroup.MODP_1024),
                Duration.ofSeconds(20)));
        b = TestTunnels.withIke(b, TestTunnels.ike(EncryptionAlgorithm.AES_128_CBC, IntegrityAlgorithm.HMAC_SHA1_96,
                List.of(DiffieHellmanGroup.MODP_1024), Duration.ofSeconds(30), B, A));
        start(a, b);
        String firstSpi = engineA.status("t1").orElseThrow().ikeSa().orElseThrow().initiatorSpi();

        for (int i = 0; i < 12; i++) {
            scheduler.advance(Duration.ofSeconds(10));
            assertThat(engineA.status("t1").orElseThrow().ikeSaState()).isEqualTo("ESTABLISHED");
            assertThat(engineB.status("t1").orElseThrow().ikeSaState()).isEqualTo("ESTABLISHED");
        }

        TunnelStatus.Counters countersA = engineA.status("t1").orElseThrow().counters();
        TunnelStatus.Counters countersB = engineB.status("t1").orElseThrow().counters();
        assertThat(countersA.childSaRekeyed() + countersB.childSaRekeyed()).isGreaterThanOrEqualTo(5);
        assertThat(countersA.ikeSaRekeyed() + countersB.ikeSaRekeyed()).isGreaterThanOrEqualTo(3);
        assertThat(engineA.status("t1").orElseThrow().ikeSa().orElseThrow().initiatorSpi()).isNotEqualTo(firstSpi);
        assertThat(engineA.childSas("t1")).hasSize(1);
        assertThat(engineB.childSas("t1")).hasSize(1);
        assertPaired(engineA.childSas("t1").getFirst(), engineB.childSas("t1").getFirst());
        assertThat(engineA.childSas("t1").getFirst().suite().pfsGroup()).contains(DiffieHellmanGroup.MODP_1024);
        assertThat(listenerA.installed.size() - listenerA.removed.size()).isEqualTo(1);
    }

    @Test
    void simultaneousChildRekeysResolveToOneChildSa() {
        start(initiator(), responder());
        IkeSa onA = engineA.currentIkeSa("t1").orElseThrow();
        IkeSa onB = engineB.currentIkeSa("t1").orElseThrow();

        // RFC 7296 §2.8.1: both ends rekey the same CHILD_SA at the same moment.
        onA.rekeyChild(engineA.childSas("t1").getFirst());
        onB.rekeyChild(engineB.childSas("t1").getFirst());
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(engineA.childSas("t1")).hasSize(1);
        assertThat(engineB.childSas("t1")).hasSize(1);
        assertPaired(engineA.childSas("t1").getFirst(), engineB.childSas("t1").getFirst());
        assertThat(engineA.status("t1").orElseThrow().negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        assertThat(engineB.status("t1").orElseThrow().lastError()).isEmpty();
    }

    @Test
    void simultaneousIkeRekeysResolveToOneIkeSa() {
        // RFC 7296 §2.8.2 with random nonces; every order and outcome is in IkeSaRekeyCollisionTest.
        start(initiator(), responder());

        assertThat(engineA.rekeyIke("t1")).isTrue();
        assertThat(engineB.rekeyIke("t1")).isTrue();
        scheduler.advance(Duration.ofSeconds(10));

        TunnelStatus a = engineA.status("t1").orElseThrow();
        TunnelStatus b = engineB.status("t1").orElseThrow();
        assertThat(a.ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(a.ikeSa().orElseThrow().initiatorSpi()).isEqualTo(b.ikeSa().orElseThrow().initiatorSpi());
        assertThat(a.ikeSa().orElseThrow().responderSpi()).isEqualTo(b.ikeSa().orElseThrow().responderSpi());
        assertThat(a.counters().ikeSaRekeyed()).isEqualTo(1);
        assertThat(a.counters().ikeSaRekeyCollisions()).isEqualTo(1);
        assertThat(b.counters().ikeSaRekeyCollisions()).isEqualTo(1);
        assertThat(engineA.registeredSas()).containsExactly(engineA.currentIkeSa("t1").orElseThrow());
        // The new IKE SA works: a CHILD_SA rekey over it succeeds.
        engineA.currentIkeSa("t1").orElseThrow().rekeyChild(engineA.childSas("t1").getFirst());
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(engineA.status("t1").orElseThrow().counters().childSaRekeyed()).isEqualTo(1);
        assertPaired(engineA.childSas("t1").getFirst(), engineB.childSas("t1").getFirst());
    }

    @Test
    void trappedTunnelWaitsForTrafficAndResponseOnlyNeverInitiates() {
        // REQ-CONN-008 effectImmediately=false and REQ-B-004 response-only.
        TunnelConfig trapped = TestTunnels.tunnel("t1", A, B, "fddsFF123abc", TunnelConfig.StartAction.TRAP);
        start(trapped, responder());
        assertThat(network.sent).isEmpty();
        assertThat(engineA.status("t1").orElseThrow().negotiationStatus()).isEqualTo("waiting for peer");

        engineB.acquire("t1"); // response-only: ignored
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(network.sent).isEmpty();

        engineA.acquire("t1"); // the ESP layer saw a packet for the tunnel
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(engineA.status("t1").orElseThrow().negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
    }

    @Test
    void anAdditionalChildSaCanBeCreatedOnTheIkeSa() {
        start(initiator(), responder());
        IkeSa onA = engineA.currentIkeSa("t1").orElseThrow();

        onA.queue(new ChildSaExchange(onA, Optional.empty()));
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(engineA.childSas("t1")).hasSize(2);
        assertThat(engineB.childSas("t1")).hasSize(2);
        assertPaired(engineA.childSas("t1").get(1), engineB.childSas("t1").get(1));
        assertThat(engineA.childSas("t1").get(1).suite().pfsGroup()).contains(DiffieHellmanGroup.MODP_1024);
    }

    @Test
    void whenBothEndsInitiateAtOnceTheyKeepTheSameIkeSa() {
        TunnelConfig b = TestTunnels.tunnel("t1", B, A, "fddsFF123abc", TunnelConfig.StartAction.START);
        engineA.addTunnel(initiator());
        engineB.addTunnel(b);
        scheduler.advance(Duration.ofSeconds(5));

        TunnelStatus a = engineA.status("t1").orElseThrow();
        TunnelStatus onB = engineB.status("t1").orElseThrow();
        assertThat(a.ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(onB.ikeSaState()).isEqualTo("ESTABLISHED");
        // A (10.9.0.1) has the lower address: the IKE SA it initiated is the one both keep.
        assertThat(a.ikeSa().orElseThrow().initiator()).isTrue();
        assertThat(a.ikeSa().orElseThrow().initiatorSpi()).isEqualTo(onB.ikeSa().orElseThrow().initiatorSpi());
        assertThat(a.ikeSa().orElseThrow().responderSpi()).isEqualTo(onB.ikeSa().orElseThrow().responderSpi());
        assertThat(engineA.childSas("t1")).hasSize(1);
        assertThat(engineB.childSas("t1")).hasSize(1);
        assertPaired(engineA.childSas("t1").getFirst(), engineB.childSas("t1").getFirst());
        assertThat(a.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        assertThat(onB.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
    }

    @Test
    void anIkeSaThatReachesItsHardLifetimeIsDeletedAndRenegotiated() {
        start(initiator(), responder());
        String firstSpi = engineA.status("t1").orElseThrow().ikeSa().orElseThrow().initiatorSpi();

        engineA.currentIkeSa("t1").orElseThrow().expire(); // what the lifetime timer does if no rekey succeeded
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(engineA.status("t1").orElseThrow().negotiationStatus())
                .isEqualTo("IKE SA lifetime expired without rekey");
        assertThat(engineB.childSas("t1")).isEmpty();

        scheduler.advance(Duration.ofSeconds(15));
        TunnelStatus status = engineA.status("t1").orElseThrow();
        assertThat(status.ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(status.ikeSa().orElseThrow().initiatorSpi()).isNotEqualTo(firstSpi);
        assertThat(status.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        assertPaired(engineA.childSas("t1").getFirst(), engineB.childSas("t1").getFirst());
    }

    @Test
    void terminateDeletesTheSasOnBothSides() {
        start(initiator(), responder());

        engineA.terminate("t1");
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(engineA.childSas("t1")).isEmpty();
        assertThat(engineB.childSas("t1")).isEmpty();
        assertThat(engineB.status("t1").orElseThrow().negotiationStatus()).isEqualTo("deleted by peer");
        assertThat(listenerB.removed).hasSize(1);
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(engineA.status("t1").orElseThrow().ikeSaState()).isEqualTo("NONE");
    }

    @Test
    void unansweredRequestsAreRetransmittedWithBackoffThenGivenUp() {
        network.drop = d -> d.to().getAddress().equals(B);
        engineB.addTunnel(responder());
        engineA.addTunnel(initiator());

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(network.sent).hasSize(1);
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(network.sent).hasSize(2);
        scheduler.advance(Duration.ofSeconds(2)); // second timeout is 3.6 s after the first retransmit: not yet
        assertThat(network.sent).hasSize(2);
        // Timeouts 2 * 1.8^n for n = 0..6 add up to about 150.5 s; the retry after failure comes 10 s later.
        scheduler.advance(Duration.ofSeconds(150));

        assertThat(network.sent).hasSize(1 + EngineSettings.defaults().maxRetransmits());
        TunnelStatus status = engineA.status("t1").orElseThrow();
        assertThat(status.negotiationStatus()).contains("peer not responding");
        assertThat(status.counters().retransmits()).isEqualTo(EngineSettings.defaults().maxRetransmits());
    }

    @Test
    void aLostResponseIsReplayedFromTheCacheNotProcessedTwice() {
        boolean[] droppedOnce = {false};
        network.drop = d -> {
            if (!droppedOnce[0] && d.to().getAddress().equals(A) && d.to().getPort() == 4500) {
                droppedOnce[0] = true; // lose the IKE_AUTH response
                return true;
            }
            return false;
        };
        start(initiator(), responder());
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(engineA.status("t1").orElseThrow().ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(engineB.status("t1").orElseThrow().counters().childSaEstablished()).isEqualTo(1);
        assertPaired(engineA.childSas("t1").getFirst(), engineB.childSas("t1").getFirst());
    }

    @Test
    void invalidKePayloadMakesTheInitiatorRetryWithThePeersGroup() {
        TunnelConfig a = TestTunnels.withIke(initiator(), TestTunnels.ike(EncryptionAlgorithm.AES_128_CBC,
                IntegrityAlgorithm.HMAC_SHA1_96, List.of(DiffieHellmanGroup.MODP_1024, DiffieHellmanGroup.CURVE_25519),
                Duration.ofHours(1), A, B));
        TunnelConfig b = TestTunnels.withIke(responder(), TestTunnels.ike(EncryptionAlgorithm.AES_128_CBC,
                IntegrityAlgorithm.HMAC_SHA1_96, List.of(DiffieHellmanGroup.CURVE_25519), Duration.ofHours(1), B, A));
        start(a, b);

        assertThat(engineA.status("t1").orElseThrow().ikeSa().orElseThrow().algorithms()).endsWith("curve25519");
        assertThat(engineA.childSas("t1")).hasSize(1);
        long initRequests = network.sent.stream().filter(d -> d.to().getAddress().equals(B)).filter(d -> {
            try {
                return IkeMessage.decode(d.data()).header().exchangeType() == ExchangeType.IKE_SA_INIT;
            } catch (Exception e) {
                return false;
            }
        }).count();
        assertThat(initRequests).isEqualTo(2);
    }

    @Test
    void proposalMismatchShowsNoProposalChosenOnBothSides() {
        TunnelConfig b = TestTunnels.withIke(responder(), TestTunnels.ike(EncryptionAlgorithm.AES_256_CBC,
                IntegrityAlgorithm.HMAC_SHA2_256_128, List.of(DiffieHellmanGroup.MODP_1024), Duration.ofHours(1), B, A));
        start(initiator(), b);

        assertThat(engineA.status("t1").orElseThrow().negotiationStatus())
                .isEqualTo("phase 1 negotiation failed: NO_PROPOSAL_CHOSEN");
        assertThat(engineB.status("t1").orElseThrow().negotiationStatus()).startsWith(
                "phase 1 negotiation failed: NO_PROPOSAL_CHOSEN");
        assertThat(engineA.childSas("t1")).isEmpty();
    }

    @Test
    void childProposalMismatchKeepsIkeSaButReportsPhase2Failure() {
        TunnelConfig b = TestTunnels.withIpsec(responder(), new TunnelConfig.IpsecSettings(EncryptionAlgorithm.AES_128_GCM_16,
                Optional.empty(), Optional.empty(), Duration.ofHours(1)));
        start(initiator(), b);

        assertThat(engineA.status("t1").orElseThrow().ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(engineA.status("t1").orElseThrow().negotiationStatus())
                .isEqualTo("phase 2 negotiation failed: NO_PROPOSAL_CHOSEN");
        assertThat(engineA.childSas("t1")).isEmpty();
    }

    @Test
    void pskMismatchShowsAuthenticationFailedOnBothSides() {
        TunnelConfig b = TestTunnels.tunnel("t1", B, A, "another-key", TunnelConfig.StartAction.RESPOND_ONLY);
        start(initiator(), b);

        // REQ-TUN-003: a mismatch is a negotiation failure with a reason, not a silent down.
        assertThat(engineA.status("t1").orElseThrow().negotiationStatus())
                .startsWith("phase 1 negotiation failed: AUTHENTICATION_FAILED");
        assertThat(engineB.status("t1").orElseThrow().negotiationStatus())
                .startsWith("phase 1 negotiation failed: AUTHENTICATION_FAILED");
        assertThat(engineA.childSas("t1")).isEmpty();
        assertThat(engineB.childSas("t1")).isEmpty();
    }

    @Test
    void policyModeNarrowsToTheResponderSelectors() {
        TunnelConfig a = TestTunnels.withPolicy(initiator(), List.of(Cidr.parse("192.168.0.0/16")),
                List.of(Cidr.parse("172.16.0.0/12"), Cidr.parse("10.1.0.0/16")));
        TunnelConfig b = TestTunnels.withPolicy(responder(), List.of(Cidr.parse("172.16.10.0/24")),
                List.of(Cidr.parse("192.168.100.0/24")));
        start(a, b);

        ChildSa child = engineA.childSas("t1").getFirst();
        assertThat(child.localSelectors()).hasToString("[192.168.100.0..192.168.100.255]");
        assertThat(child.remoteSelectors()).hasToString("[172.16.10.0..172.16.10.255]");

        TunnelConfig unrelated = TestTunnels.withPolicy(
                TestTunnels.tunnel("t2", B, TestTunnels.address("10.9.0.3"), "k", TunnelConfig.StartAction.RESPOND_ONLY),
                List.of(Cidr.parse("1.1.1.0/24")), List.of(Cidr.parse("2.2.2.0/24")));
        assertThat(TrafficSelectorNarrowing.narrow(unrelated.localSelectorsAsTs(), b.localSelectorsAsTs())).isEmpty();
    }

    @Test
    void tsUnacceptableIsReportedAsPhase2Failure() {
        TunnelConfig a = TestTunnels.withPolicy(initiator(), List.of(Cidr.parse("192.168.0.0/16")),
                List.of(Cidr.parse("10.1.0.0/16")));
        TunnelConfig b = TestTunnels.withPolicy(responder(), List.of(Cidr.parse("172.16.10.0/24")),
                List.of(Cidr.parse("192.168.100.0/24")));
        start(a, b);

        assertThat(engineA.status("t1").orElseThrow().negotiationStatus())
                .isEqualTo("phase 2 negotiation failed: TS_UNACCEPTABLE");
    }

    @Test
    void deadPeerIsDetectedAndNegotiationRestarts() {
        start(initiator(), responder());
        network.drop = d -> true;

        scheduler.advance(Duration.ofSeconds(10 + 200));

        TunnelStatus status = engineA.status("t1").orElseThrow();
        assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("peer dead"));
        assertThat(engineA.childSas("t1")).isEmpty();
        network.drop = d -> false;
        engineB.terminate("t1"); // B forgets its stale SA; A's restart must establish afresh
        engineB.initiate("t1");
        scheduler.advance(Duration.ofSeconds(60));
        assertThat(engineA.status("t1").orElseThrow().ikeSaState()).isEqualTo("ESTABLISHED");
    }

    @Test
    void garbageAndTamperedDatagramsNeverBreakTheEngine() {
        start(initiator(), responder());
        java.util.Random random = new java.util.Random(7);
        List<byte[]> captured = network.sent.stream().map(InMemoryNetwork.Datagram::data).toList();
        java.net.InetSocketAddress from = new java.net.InetSocketAddress(A, 4500);
        java.net.InetSocketAddress to = new java.net.InetSocketAddress(B, 4500);
        for (int i = 0; i < 20_000; i++) {
            byte[] datagram = captured.get(random.nextInt(captured.size())).clone();
            if (i % 2 == 0) {
                datagram[random.nextInt(datagram.length)] ^= (byte) (1 + random.nextInt(255));
            } else {
                datagram = java.util.Arrays.copyOf(datagram, random.nextInt(datagram.length + 1));
            }
            engineB.receive(to, from, datagram);
        }
        scheduler.advance(Duration.ofSeconds(1));

        engineA.currentIkeSa("t1").orElseThrow().rekeyChild(engineA.childSas("t1").getFirst());
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(engineB.status("t1").orElseThrow().ikeSaState()).isEqualTo("ESTABLISHED");
        assertPaired(engineA.childSas("t1").getFirst(), engineB.childSas("t1").getFirst());
    }

    @Test
    void unsupportedCriticalPayloadInARequestIsAnsweredWithItsNotify() throws Exception {
        start(initiator(), responder());
        IkeSa onA = engineA.currentIkeSa("t1").orElseThrow();
        int sentBefore = network.sent.size();

        onA.queue(new InformationalExchange(onA, List.of(new io.vpnplane.agent.ike.message.UnknownPayload(200, true,
                new byte[] {1})), response -> {
            assertThat(response).singleElement().isInstanceOfSatisfying(
                    io.vpnplane.agent.ike.message.NotifyPayload.class,
                    n -> assertThat(n.messageType()).isEqualTo(1));
        }));
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(network.sent.size()).isEqualTo(sentBefore + 2); // answered, not retransmitted
        assertThat(engineB.status("t1").orElseThrow().ikeSaState()).isEqualTo("ESTABLISHED");
    }

    @Test
    void natKeepalivesFlowWhileANatIsDetected() {
        start(initiator(), responder());

        scheduler.advance(Duration.ofSeconds(61));

        assertThat(network.sent.stream().filter(d -> d.keepalive() && d.from().getAddress().equals(A)).count())
                .isEqualTo(3);
    }

    @Test
    void aboveTheHalfOpenThresholdTheResponderDemandsACookie() throws Exception {
        VirtualScheduler time = new VirtualScheduler();
        InMemoryNetwork net = new InMemoryNetwork(time);
        IkeEngine a = new IkeEngine(time, net.transportFor(), new SecureRandom(), EngineSettings.defaults(),
                ChildSaListener.NONE);
        IkeEngine b = new IkeEngine(time, net.transportFor(), new SecureRandom(),
                EngineSettings.defaults().withCookieThreshold(0), ChildSaListener.NONE);
        net.attach(A, a);
        net.attach(B, b);
        b.addTunnel(responder());
        a.addTunnel(initiator());
        time.advance(Duration.ofSeconds(1));

        assertThat(a.childSas("t1")).hasSize(1);
        IkeMessage cookieAnswer = IkeMessage.decode(net.sent.get(1).data());
        assertThat(cookieAnswer.payloads()).singleElement().isInstanceOfSatisfying(
                io.vpnplane.agent.ike.message.NotifyPayload.class,
                n -> assertThat(n.messageType()).isEqualTo(16390));
        IkeMessage retry = IkeMessage.decode(net.sent.get(2).data());
        assertThat(retry.payloads().getFirst()).isInstanceOfSatisfying(io.vpnplane.agent.ike.message.NotifyPayload.class,
                n -> assertThat(n.messageType()).isEqualTo(16390));
    }

    @Test
    void aesGcmAndCurve25519Work() {
        TunnelConfig.IkeSettings gcmA = new TunnelConfig.IkeSettings(EncryptionAlgorithm.AES_256_GCM_16,
                io.vpnplane.agent.crypto.PseudoRandomFunction.HMAC_SHA2_256, Optional.empty(),
                List.of(DiffieHellmanGroup.CURVE_25519), Duration.ofHours(1), Identity.parse("a.example"),
                Identity.parse("b.example"));
        TunnelConfig.IkeSettings gcmB = new TunnelConfig.IkeSettings(EncryptionAlgorithm.AES_256_GCM_16,
                io.vpnplane.agent.crypto.PseudoRandomFunction.HMAC_SHA2_256, Optional.empty(),
                List.of(DiffieHellmanGroup.CURVE_25519), Duration.ofHours(1), Identity.parse("b.example"),
                Identity.parse("a.example"));
        TunnelConfig.IpsecSettings esp = new TunnelConfig.IpsecSettings(EncryptionAlgorithm.AES_128_GCM_16,
                Optional.empty(), Optional.of(DiffieHellmanGroup.ECP_256), Duration.ofSeconds(20));
        start(TestTunnels.withIpsec(TestTunnels.withIke(initiator(), gcmA), esp),
                TestTunnels.withIpsec(TestTunnels.withIke(responder(), gcmB), esp));
        scheduler.advance(Duration.ofSeconds(30)); // one PFS rekey with ECP-256 inside AES-GCM protected IKE

        assertThat(engineA.status("t1").orElseThrow().ikeSa().orElseThrow().algorithms())
                .isEqualTo("aes256gcm16-prfsha256-curve25519");
        assertThat(engineA.status("t1").orElseThrow().counters().childSaRekeyed()
                + engineB.status("t1").orElseThrow().counters().childSaRekeyed()).isPositive();
        assertPaired(engineA.childSas("t1").getFirst(), engineB.childSas("t1").getFirst());
        assertThat(engineA.childSas("t1").getFirst().keys().outboundEncryptionKey()).hasSize(20);
    }
}
