package io.vpnplane.agent.ikev1.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.dpd.DpdAction;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.Cidr;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.Identity;
import io.vpnplane.agent.ike.PeerActivity;
import io.vpnplane.agent.ike.PreSharedKey;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ike.TunnelStatus;
import io.vpnplane.agent.ike.transport.EspPacketSink;
import io.vpnplane.agent.ikev1.Ikev1Mode;
import io.vpnplane.agent.interop.CommandResult;
import io.vpnplane.agent.interop.StrongSwanSite;
import io.vpnplane.agent.interop.StrongSwanSa;
import io.vpnplane.agent.interop.SwanctlConnection;
import io.vpnplane.agent.interop.TestNetwork;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IKEv1 engine (left namespace, in this JVM) against strongSwan charon with {@code version = 1}
 * (right namespace), both UDP-encapsulated as interop-recipes.md requires. Runs as root with strongSwan
 * installed; skipped elsewhere.
 */
@Tag("interop")
class Ikev1StrongSwanInteropTest {

    private static final String PSK = "fddsFF123abc";
    private static final IkeSaTransforms SEED_IKE = IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC,
            IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024);
    private static final ChildSaTransforms SEED_ESP = esp(EncryptionAlgorithm.AES_128_CBC,
            IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024);

    @RegisterExtension
    static final StrongSwanSite SITE = new StrongSwanSite(new TestNetwork.Addressing("10.9.41.1", "10.9.41.2", 24, "192.168.141.1",
                "172.16.141.1"));
    private IkeDaemon agent;

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.terminate("t1");
            await(() -> SITE.strongSwan().listSas().isEmpty(), Duration.ofSeconds(3));
            agent.close();
            agent = null;
        }
        SITE.strongSwan().terminateIke("t1");
        await(() -> SITE.strongSwan().listSas().isEmpty(), Duration.ofSeconds(10));
    }

    private static ChildSaTransforms esp(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity,
                                         DiffieHellmanGroup pfs) {
        return new ChildSaTransforms(encryption, Optional.ofNullable(integrity), Optional.ofNullable(pfs));
    }

    private static SwanctlConnection.Builder strongSwanSide(IkeSaTransforms ike, ChildSaTransforms esp, String psk) {
        return SwanctlConnection.builder("t1").version(1)
                .addresses(SITE.network().rightAddress(), SITE.network().leftAddress())
                .presharedKey(psk)
                .ikeProposals(ike)
                .espProposals(esp)
                .child("c1", SITE.network().rightInner() + "/32", SITE.network().leftInner() + "/32");
    }

    private static TunnelConfig tunnel(IkeSaTransforms ike, ChildSaTransforms esp, String psk, Duration childLifetime,
                                       TunnelConfig.StartAction start) throws Exception {
        InetAddress local = InetAddress.getByName(SITE.network().leftAddress());
        InetAddress remote = InetAddress.getByName(SITE.network().rightAddress());
        return new TunnelConfig("t1", local, remote, new PreSharedKey(psk),
                new TunnelConfig.IkeSettings(ike.encryption(), ike.prf(), ike.integrity(), List.of(ike.group()),
                        Duration.ofHours(1), Identity.of(local), Identity.of(remote)),
                new TunnelConfig.IpsecSettings(esp.encryption(), esp.integrity(), esp.pfsGroup(), childLifetime),
                new TunnelConfig.DpdSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(30), DpdAction.RESTART),
                true, true, TunnelConfig.RoutingMode.POLICY, List.of(Cidr.parse(SITE.network().leftInner() + "/32")),
                List.of(Cidr.parse(SITE.network().rightInner() + "/32")), start);
    }

    private IkeDaemon startAgent(TunnelConfig tunnel, Ikev1Mode mode) throws Exception {
        return startAgent(tunnel, mode, EngineSettings.defaults());
    }

    private IkeDaemon startAgent(TunnelConfig tunnel, Ikev1Mode mode, EngineSettings settings) throws Exception {
        agent = SITE.network().left().callInside(() -> IkeDaemon.start(List.of(tunnel), Map.of(tunnel.id(), mode),
                settings, ChildSaListener.NONE, EspPacketSink.DISCARD, PeerActivity.NONE));
        return agent;
    }

    private static StrongSwanSa.IkeSa awaitStrongSwanUp(Predicate<StrongSwanSa.IkeSa> extra) {
        return SITE.strongSwan().awaitIkeSa("t1", sa -> sa.established()
                        && sa.child("c1").map(StrongSwanSa.ChildSa::installed).orElse(false) && extra.test(sa),
                        Duration.ofSeconds(15))
                .orElseThrow(() -> new AssertionError("strongSwan has no established SA\n" + SITE.strongSwan().log()));
    }

    private void assertSameChildSa(StrongSwanSa.IkeSa theirs) {
        StrongSwanSa.ChildSa child = theirs.child("c1").orElseThrow();
        assertThat(await(() -> agent.childSas("t1").stream().anyMatch(
                c -> ChildSa.spiHex(c.inboundSpi()).equals(child.spiOut())), Duration.ofSeconds(5)))
                .as(SITE.strongSwan()::log).isTrue();
        assertThat(agent.childSas("t1")).anySatisfy(c -> {
            assertThat(ChildSa.spiHex(c.inboundSpi())).isEqualTo(child.spiOut());
            assertThat(ChildSa.spiHex(c.outboundSpi())).isEqualTo(child.spiIn());
            assertThat(c.udpEncapsulated()).isTrue();
        });
        assertThat(child.encapsulated()).isTrue();
        TunnelStatus status = agent.status("t1").orElseThrow();
        assertThat(status.ikeSa().orElseThrow().initiatorSpi()).isEqualTo(theirs.initiatorSpi());
        assertThat(status.ikeSa().orElseThrow().responderSpi()).isEqualTo(theirs.responderSpi());
    }

    private static final List<EncryptionAlgorithm> SEED_CIPHERS = List.of(EncryptionAlgorithm.AES_128_CBC,
            EncryptionAlgorithm.AES_192_CBC, EncryptionAlgorithm.AES_256_CBC, EncryptionAlgorithm.DES_CBC,
            EncryptionAlgorithm.TRIPLE_DES_CBC);
    private static final List<IntegrityAlgorithm> SEED_HASHES = List.of(IntegrityAlgorithm.HMAC_MD5_96,
            IntegrityAlgorithm.HMAC_SHA1_96, IntegrityAlgorithm.HMAC_SHA2_256_128, IntegrityAlgorithm.HMAC_SHA2_384_192,
            IntegrityAlgorithm.HMAC_SHA2_512_256);
    private static final List<DiffieHellmanGroup> SEED_GROUPS = List.of(DiffieHellmanGroup.MODP_768,
            DiffieHellmanGroup.MODP_1024, DiffieHellmanGroup.MODP_1536, DiffieHellmanGroup.MODP_2048);

    /**
     * The seed matrix (REQ-TUN-004/005) pairwise in 25 cases: phase 1 takes cipher i, hash j and group
     * (i + j) mod 4, so every cipher/hash, cipher/group and hash/group pair occurs; quick mode takes cipher
     * j and hash i (every ESP cipher/hash pair) with PFS group (i + j) mod 4. The agent alternates roles.
     */
    static Stream<Arguments> seedMatrix() {
        return java.util.stream.IntStream.range(0, SEED_CIPHERS.size() * SEED_HASHES.size()).mapToObj(n -> {
            int i = n / SEED_HASHES.size();
            int j = n % SEED_HASHES.size();
            DiffieHellmanGroup group = SEED_GROUPS.get((i + j) % SEED_GROUPS.size());
            return Arguments.of(n % 2 == 0, IkeSaTransforms.of(SEED_CIPHERS.get(i), SEED_HASHES.get(j), group),
                    esp(SEED_CIPHERS.get(j), SEED_HASHES.get(i), group));
        });
    }

    @ParameterizedTest(name = "agent initiator={0}: {1} / {2}")
    @MethodSource("seedMatrix")
    void mainModeAndQuickModeWithStrongSwan(boolean agentInitiates, IkeSaTransforms ike, ChildSaTransforms esp)
            throws Exception {
        SITE.strongSwan().load(strongSwanSide(ike, esp, PSK).build());
        startAgent(tunnel(ike, esp, PSK, Duration.ofHours(1), agentInitiates ? TunnelConfig.StartAction.START
                : TunnelConfig.StartAction.RESPOND_ONLY), Ikev1Mode.MAIN);
        if (!agentInitiates) {
            CommandResult initiated = SITE.strongSwan().initiate("c1", Duration.ofSeconds(10));
            assertThat(initiated.succeeded()).as(() -> initiated.describe() + SITE.strongSwan().log()).isTrue();
        }

        StrongSwanSa.IkeSa theirs = awaitStrongSwanUp(sa -> true);
        assertThat(theirs.initiator()).isEqualTo(!agentInitiates);
        assertSameChildSa(theirs);
        TunnelStatus ours = agent.status("t1").orElseThrow();
        assertThat(ours.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded"); // REQ-TUN-012
        assertThat(ours.ikeSa().orElseThrow().algorithms()).isEqualTo(ike.strongSwanProposal());
        assertThat(agent.childSas("t1").getFirst().suite()).isEqualTo(esp);
    }

    @Test
    void pskMismatchShowsAuthenticationFailedAsResponderAndAsInitiator() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, "theirSecret99").build());
        startAgent(tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), TunnelConfig.StartAction.RESPOND_ONLY),
                Ikev1Mode.MAIN);
        SITE.strongSwan().initiate("c1", Duration.ofSeconds(5));

        TunnelStatus status = awaitStatus(s -> s.lastError().isPresent(), Duration.ofSeconds(15));
        assertThat(status.negotiationStatus()).as(SITE.strongSwan()::log)
                .startsWith("phase 1 negotiation failed: AUTHENTICATION_FAILED");
        assertThat(agent.childSas("t1")).isEmpty();

        stopAgent();
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, "theirSecret99").build());
        // charon drops the message 5 it cannot decrypt; short retransmission timers keep the wait short.
        startAgent(tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), TunnelConfig.StartAction.START), Ikev1Mode.MAIN,
                new EngineSettings(500, 4500, Duration.ofMillis(500), 1.0, 4, Duration.ofSeconds(10),
                        Duration.ofSeconds(20), Duration.ofSeconds(30), 50));
        TunnelStatus asInitiator = awaitStatus(s -> s.lastError().isPresent(), Duration.ofSeconds(15));
        assertThat(asInitiator.negotiationStatus()).as(SITE.strongSwan()::log)
                .startsWith("phase 1 negotiation failed: AUTHENTICATION_FAILED");
    }

    @Test
    void aggressiveModeWithFqdnIdentitiesInBothRoles() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).aggressive(true)
                .ids("right.example.com", "left.example.com").build());
        TunnelConfig tunnel = withIds(tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), TunnelConfig.StartAction.START),
                "left.example.com", "right.example.com");
        startAgent(tunnel, Ikev1Mode.AGGRESSIVE);
        assertSameChildSa(awaitStrongSwanUp(sa -> !sa.initiator()));
        assertThat(agent.status("t1").orElseThrow().negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");

        stopAgent();
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).aggressive(true)
                .ids("right.example.com", "left.example.com").build());
        startAgent(withIds(tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), TunnelConfig.StartAction.RESPOND_ONLY),
                "left.example.com", "right.example.com"), Ikev1Mode.AGGRESSIVE);
        CommandResult initiated = SITE.strongSwan().initiate("c1", Duration.ofSeconds(10));
        assertThat(initiated.succeeded()).as(() -> initiated.describe() + SITE.strongSwan().log()).isTrue();
        assertSameChildSa(awaitStrongSwanUp(StrongSwanSa.IkeSa::initiator));
    }

    /** Quick-mode rekey with PFS at a short lifetime, initiated by the agent: new SPIs, old SA deleted on both ends. */
    @Test
    void agentRekeysQuickModeWithPfsAtShortLifetimes() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).build());
        startAgent(tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofSeconds(8), TunnelConfig.StartAction.START), Ikev1Mode.MAIN);
        StrongSwanSa.IkeSa first = awaitStrongSwanUp(sa -> true);
        String firstSpi = first.child("c1").orElseThrow().spiIn();

        StrongSwanSa.IkeSa rekeyed = SITE.strongSwan().awaitIkeSa("t1", sa -> sa.children().size() == 1
                && sa.child("c1").filter(c -> c.installed() && !c.spiIn().equals(firstSpi)).isPresent(),
                Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("no quick-mode rekey\n" + SITE.strongSwan().log()));
        assertThat(rekeyed.initiatorSpi()).isEqualTo(first.initiatorSpi()); // same ISAKMP SA
        assertThat(await(() -> agent.childSas("t1").size() == 1, Duration.ofSeconds(5))).isTrue();
        assertSameChildSa(rekeyed);
        assertThat(agent.status("t1").orElseThrow().counters().childSaRekeyed()).isPositive();
    }

    /**
     * strongSwan rekeys (quick mode with PFS as initiator; it keeps the old IPsec SA until it expires, its
     * IKEv1 default {@code delete_rekeyed = no}), then deletes everything with DELETE notifications.
     */
    @Test
    void followsStrongSwanRekeyAndDelete() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).build());
        startAgent(tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), TunnelConfig.StartAction.START), Ikev1Mode.MAIN);
        StrongSwanSa.IkeSa first = awaitStrongSwanUp(sa -> true);
        String firstSpi = first.child("c1").orElseThrow().spiIn();

        assertThat(SITE.strongSwan().rekeyChild("c1").succeeded()).isTrue();
        StrongSwanSa.ChildSa fresh = SITE.strongSwan().awaitIkeSa("t1", sa -> sa.children().stream()
                        .anyMatch(c -> c.installed() && !c.spiIn().equals(firstSpi)), Duration.ofSeconds(10))
                .flatMap(sa -> sa.children().stream().filter(c -> !c.spiIn().equals(firstSpi)).findFirst())
                .orElseThrow(() -> new AssertionError("no rekey\n" + SITE.strongSwan().log()));
        assertThat(await(() -> agent.childSas("t1").stream().anyMatch(c -> ChildSa.spiHex(c.inboundSpi())
                .equals(fresh.spiOut()) && ChildSa.spiHex(c.outboundSpi()).equals(fresh.spiIn())),
                Duration.ofSeconds(5))).as(SITE.strongSwan()::log).isTrue();
        assertThat(agent.status("t1").orElseThrow().counters().childSaRekeyed()).isEqualTo(1);

        assertThat(SITE.strongSwan().terminateIke("t1").succeeded()).isTrue();
        TunnelStatus status = awaitStatus(s -> s.ikeSaState().equals("NONE") && s.childSas().isEmpty(),
                Duration.ofSeconds(5));
        assertThat(status.ikeSaState()).isEqualTo("NONE");
        assertThat(agent.childSas("t1")).isEmpty();
    }

    /** A policy tunnel with two local prefixes: one quick mode, and one IPsec SA pair, per prefix combination. */
    @Test
    void twoLocalPrefixesGiveTwoIpsecSas() throws Exception {
        String extra = "192.168.199.0/24";
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK)
                .child("c1", SITE.network().rightInner() + "/32", SITE.network().leftInner() + "/32," + extra).build());
        TunnelConfig base = tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), TunnelConfig.StartAction.START);
        startAgent(new TunnelConfig(base.id(), base.localAddress(), base.remoteAddress(), base.psk(), base.ike(),
                base.ipsec(), base.dpd(), true, true, TunnelConfig.RoutingMode.POLICY,
                List.of(Cidr.parse(SITE.network().leftInner() + "/32"), Cidr.parse(extra)), base.remoteCidrs(),
                base.startAction()), Ikev1Mode.MAIN);

        StrongSwanSa.IkeSa theirs = SITE.strongSwan().awaitIkeSa("t1", sa -> sa.children().stream()
                        .filter(StrongSwanSa.ChildSa::installed).count() == 2, Duration.ofSeconds(10))
                .orElseThrow(() -> new AssertionError("not two IPsec SAs\n" + SITE.strongSwan().log()));
        assertThat(await(() -> agent.childSas("t1").size() == 2, Duration.ofSeconds(5))).isTrue();
        assertThat(agent.childSas("t1")).extracting(c -> ChildSa.spiHex(c.outboundSpi()))
                .containsExactlyInAnyOrderElementsOf(theirs.children().stream().map(StrongSwanSa.ChildSa::spiIn).toList());
    }

    /** Phase-1 lifetime over: the agent reauthenticates and both ends still share one working IPsec SA pair. */
    @Test
    void shortPhase1LifetimeReauthenticates() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).build());
        TunnelConfig base = tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), TunnelConfig.StartAction.START);
        startAgent(new TunnelConfig(base.id(), base.localAddress(), base.remoteAddress(), base.psk(),
                new TunnelConfig.IkeSettings(base.ike().encryption(), base.ike().prf(), base.ike().integrity(),
                        base.ike().dhGroups(), Duration.ofSeconds(6), base.ike().localId(), base.ike().remoteId()),
                base.ipsec(), base.dpd(), true, true, base.routingMode(), base.localCidrs(), base.remoteCidrs(),
                base.startAction()), Ikev1Mode.MAIN);
        StrongSwanSa.IkeSa first = awaitStrongSwanUp(sa -> true);

        StrongSwanSa.IkeSa second = awaitStrongSwanUp(sa -> !sa.initiatorSpi().equals(first.initiatorSpi()));
        assertThat(await(() -> SITE.strongSwan().listSas().size() == 1 && agent.childSas("t1").size() == 1,
                Duration.ofSeconds(5))).as(SITE.strongSwan()::log).isTrue();
        assertSameChildSa(SITE.strongSwan().listSas().getFirst());
        assertThat(agent.status("t1").orElseThrow().counters().ikeSaRekeyed()).isPositive();
        assertThat(second.established()).isTrue();
    }

    /** Quick-mode failure reasons (REQ-TUN-012) for an ESP proposal mismatch, as initiator and as responder. */
    @Test
    void espProposalMismatchShowsPhase2NoProposalChosen() throws Exception {
        ChildSaTransforms theirs = esp(EncryptionAlgorithm.AES_256_CBC, IntegrityAlgorithm.HMAC_SHA2_256_128, null);
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, theirs, PSK).build());
        startAgent(tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), TunnelConfig.StartAction.START), Ikev1Mode.MAIN);
        TunnelStatus status = awaitStatus(s -> s.lastError().isPresent(), Duration.ofSeconds(10));
        assertThat(status.negotiationStatus()).as(SITE.strongSwan()::log)
                .isEqualTo("phase 2 negotiation failed: NO_PROPOSAL_CHOSEN (the peer refused our quick mode proposal)");
        assertThat(status.ikeSaState()).isEqualTo("ESTABLISHED");

        stopAgent();
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, theirs, PSK).build());
        startAgent(tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), TunnelConfig.StartAction.RESPOND_ONLY),
                Ikev1Mode.MAIN);
        SITE.strongSwan().initiate("c1", Duration.ofSeconds(5));
        TunnelStatus asResponder = awaitStatus(s -> s.lastError().isPresent(), Duration.ofSeconds(10));
        assertThat(asResponder.negotiationStatus()).as(SITE.strongSwan()::log).isEqualTo(
                "phase 2 negotiation failed: NO_PROPOSAL_CHOSEN (none of the peer's ESP proposals matches ours)");
    }

    /** RFC 3706 with a live peer: strongSwan's R-U-THERE are acknowledged and our 4 s DPD timeout never fires. */
    @Test
    void dpdLivenessChecksAreAnsweredBothWays() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).dpdDelay(Duration.ofSeconds(1)).build());
        TunnelConfig base = tunnel(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), TunnelConfig.StartAction.START);
        startAgent(new TunnelConfig(base.id(), base.localAddress(), base.remoteAddress(), base.psk(), base.ike(),
                base.ipsec(), new TunnelConfig.DpdSettings(true, Duration.ofSeconds(1), Duration.ofSeconds(4),
                DpdAction.RESTART), true, true, base.routingMode(), base.localCidrs(), base.remoteCidrs(),
                base.startAction()), Ikev1Mode.MAIN);
        StrongSwanSa.IkeSa theirs = awaitStrongSwanUp(sa -> true);

        sleep(7000); // well past the 4 s timeout: only answered liveness checks keep the SA
        TunnelStatus status = agent.status("t1").orElseThrow();
        // Its R-U-THERE are authenticated messages from the peer, so our detector rarely needs to ask itself.
        assertThat(status.dpd().orElseThrow().history()).as(SITE.strongSwan()::log).isEmpty();
        assertThat(status.ikeSa().orElseThrow().initiatorSpi()).isEqualTo(theirs.initiatorSpi());
        // charon logs every informational it parses: our ACKs to its R-U-THERE.
        assertThat(SITE.strongSwan().log()).contains("N(DPD_ACK)");
        assertThat(SITE.strongSwan().listSas()).singleElement().satisfies(sa -> {
            assertThat(sa.initiatorSpi()).isEqualTo(theirs.initiatorSpi());
            assertThat(sa.established()).isTrue();
        });
    }

    private static TunnelConfig withIds(TunnelConfig config, String local, String remote) {
        return new TunnelConfig(config.id(), config.localAddress(), config.remoteAddress(), config.psk(),
                new TunnelConfig.IkeSettings(config.ike().encryption(), config.ike().prf(), config.ike().integrity(),
                        config.ike().dhGroups(), config.ike().lifetime(), Identity.parse(local), Identity.parse(remote)),
                config.ipsec(), config.dpd(), config.natTraversal(), config.forceEncapsulation(), config.routingMode(),
                config.localCidrs(), config.remoteCidrs(), config.startAction());
    }

    private TunnelStatus awaitStatus(Predicate<TunnelStatus> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        TunnelStatus status = agent.status("t1").orElseThrow();
        while (!condition.test(status) && Instant.now().isBefore(deadline)) {
            sleep(100);
            status = agent.status("t1").orElseThrow();
        }
        return status;
    }

    private static boolean await(Supplier<Boolean> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleep(100);
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
