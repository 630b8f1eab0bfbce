package io.vpnplane.agent.ike.interop;

import static io.vpnplane.agent.ike.interop.AgentFixture.await;
import static io.vpnplane.agent.ike.interop.AgentFixture.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ike.TunnelStatus;
import io.vpnplane.agent.interop.CommandResult;
import io.vpnplane.agent.interop.StrongSwanSite;
import io.vpnplane.agent.interop.StrongSwanSa;
import io.vpnplane.agent.interop.SwanctlConnection;
import io.vpnplane.agent.interop.TestNetwork;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our engine (left namespace, in this JVM) against a real strongSwan charon with kernel-libipsec
 * (right namespace), per interop-recipes.md. Runs as root with strongSwan installed; skipped elsewhere.
 */
@Tag("interop")
class StrongSwanInteropTest {

    private static final String PSK = "fddsFF123abc";
    private static final IkeSaTransforms SEED_IKE = IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC,
            IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024);
    private static final ChildSaTransforms SEED_ESP = esp(EncryptionAlgorithm.AES_128_CBC,
            IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024);

    @RegisterExtension
    static final StrongSwanSite SITE = new StrongSwanSite(TestNetwork.Addressing.defaults());
    private IkeDaemon agent;

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            // Leave no half-dead SA behind in charon for the next case to find.
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
        return SwanctlConnection.builder("t1")
                .addresses(SITE.network().rightAddress(), SITE.network().leftAddress())
                .presharedKey(psk)
                .ikeProposals(ike)
                .espProposals(esp)
                .child("c1", SITE.network().rightInner() + "/32", SITE.network().leftInner() + "/32");
    }

    private IkeDaemon startAgent(IkeSaTransforms ike, ChildSaTransforms esp, String psk, Duration ikeLifetime,
                                 Duration childLifetime, TunnelConfig.StartAction start) throws Exception {
        agent = AgentFixture.start(SITE.network().left(), AgentFixture.tunnel(SITE.network().leftAddress(), SITE.network().rightAddress(),
                SITE.network().leftInner(), SITE.network().rightInner(), psk, ike, esp, ikeLifetime, childLifetime, start));
        return agent;
    }

    private static StrongSwanSa.IkeSa awaitStrongSwanUp() {
        return SITE.strongSwan().awaitIkeSa("t1", sa -> sa.established()
                        && sa.child("c1").map(StrongSwanSa.ChildSa::installed).orElse(false), Duration.ofSeconds(10))
                .orElseThrow(() -> new AssertionError("strongSwan has no established SA\n" + SITE.strongSwan().log()));
    }

    /** The agent's CHILD_SA must be the twin of strongSwan's: same SPIs crosswise. */
    private void assertSameChildSa(StrongSwanSa.IkeSa theirs) {
        StrongSwanSa.ChildSa child = theirs.child("c1").orElseThrow();
        List<ChildSa> ours = agent.childSas("t1");
        assertThat(ours).as(SITE.strongSwan()::log).anySatisfy(c -> {
            assertThat(ChildSa.spiHex(c.inboundSpi())).isEqualTo(child.spiOut());
            assertThat(ChildSa.spiHex(c.outboundSpi())).isEqualTo(child.spiIn());
            assertThat(c.udpEncapsulated()).isTrue();
        });
        assertThat(child.encapsulated()).isTrue();
        TunnelStatus status = agent.status("t1").orElseThrow();
        assertThat(status.ikeSa().orElseThrow().initiatorSpi()).isEqualTo(theirs.initiatorSpi());
        assertThat(status.ikeSa().orElseThrow().responderSpi()).isEqualTo(theirs.responderSpi());
    }

    /**
     * Seed algorithms as a pairwise-covering matrix (25 rows): row (i, j) of the orthogonal array
     * OA(25, 5, 5, 2) built from i, j, i+j, i+2j, i+3j (mod 5) gives IKE encryption, IKE integrity, ESP
     * encryption, ESP integrity and DH (mod 4, also the PFS group), so every pair of values of any two
     * of these five choices is negotiated at least once; the agent alternates between initiator and
     * responder. Plus AES-GCM, ECP and Curve25519 beyond the seeds. Each case also lets strongSwan
     * rekey the CHILD_SA, which runs the PFS group through CREATE_CHILD_SA.
     */
    static Stream<Arguments> algorithmMatrix() {
        List<EncryptionAlgorithm> encryption = List.of(EncryptionAlgorithm.AES_128_CBC, EncryptionAlgorithm.AES_192_CBC,
                EncryptionAlgorithm.AES_256_CBC, EncryptionAlgorithm.DES_CBC, EncryptionAlgorithm.TRIPLE_DES_CBC);
        List<IntegrityAlgorithm> integrity = List.of(IntegrityAlgorithm.HMAC_MD5_96, IntegrityAlgorithm.HMAC_SHA1_96,
                IntegrityAlgorithm.HMAC_SHA2_256_128, IntegrityAlgorithm.HMAC_SHA2_384_192,
                IntegrityAlgorithm.HMAC_SHA2_512_256);
        List<DiffieHellmanGroup> groups = List.of(DiffieHellmanGroup.MODP_768, DiffieHellmanGroup.MODP_1024,
                DiffieHellmanGroup.MODP_1536, DiffieHellmanGroup.MODP_2048);
        Stream<Arguments> seeds = IntStream.range(0, 25).mapToObj(row -> {
            int i = row / 5;
            int j = row % 5;
            DiffieHellmanGroup group = groups.get(((i + 3 * j) % 5) % 4);
            return Arguments.of(row % 2 == 0,
                    IkeSaTransforms.of(encryption.get(i), integrity.get(j), group),
                    esp(encryption.get((i + j) % 5), integrity.get((i + 2 * j) % 5), group));
        });
        Stream<Arguments> beyondSeeds = Stream.of(
                Arguments.of(true, IkeSaTransforms.of(EncryptionAlgorithm.TRIPLE_DES_CBC, IntegrityAlgorithm.HMAC_SHA2_512_256,
                        DiffieHellmanGroup.ECP_256), esp(EncryptionAlgorithm.AES_256_CBC,
                        IntegrityAlgorithm.HMAC_SHA2_512_256, DiffieHellmanGroup.ECP_256)),
                Arguments.of(false, IkeSaTransforms.aead(EncryptionAlgorithm.AES_128_GCM_16,
                        PseudoRandomFunction.HMAC_SHA2_256, DiffieHellmanGroup.ECP_384),
                        esp(EncryptionAlgorithm.AES_128_GCM_16, null, DiffieHellmanGroup.ECP_384)),
                Arguments.of(true, IkeSaTransforms.aead(EncryptionAlgorithm.AES_256_GCM_16,
                        PseudoRandomFunction.HMAC_SHA2_384, DiffieHellmanGroup.CURVE_25519),
                        esp(EncryptionAlgorithm.AES_256_GCM_16, null, DiffieHellmanGroup.CURVE_25519)),
                Arguments.of(false, IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC, IntegrityAlgorithm.HMAC_SHA1_96,
                        DiffieHellmanGroup.CURVE_25519), esp(EncryptionAlgorithm.AES_256_GCM_16, null, null)));
        return Stream.concat(seeds, beyondSeeds);
    }

    @ParameterizedTest(name = "agent initiator={0}: {1} / {2}")
    @MethodSource("algorithmMatrix")
    void negotiatesEveryAlgorithmWithStrongSwan(boolean agentInitiates, IkeSaTransforms ike, ChildSaTransforms esp)
            throws Exception {
        SITE.strongSwan().load(strongSwanSide(ike, esp, PSK).build());
        startAgent(ike, esp, PSK, Duration.ofHours(1), Duration.ofHours(1),
                agentInitiates ? TunnelConfig.StartAction.START : TunnelConfig.StartAction.RESPOND_ONLY);
        if (!agentInitiates) {
            CommandResult initiated = SITE.strongSwan().initiate("c1", Duration.ofSeconds(10));
            assertThat(initiated.succeeded()).as(() -> initiated.describe() + SITE.strongSwan().log()).isTrue();
        }

        StrongSwanSa.IkeSa theirs = awaitStrongSwanUp();
        TunnelStatus ours = awaitStatus(agent, s -> !s.childSas().isEmpty(), Duration.ofSeconds(5));
        assertThat(ours.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded"); // REQ-TUN-012
        assertThat(theirs.initiator()).isEqualTo(!agentInitiates);
        assertSameChildSa(theirs);
        assertThat(ours.ikeSa().orElseThrow().algorithms()).isEqualTo(ike.strongSwanProposal());

        String oldSpi = theirs.child("c1").orElseThrow().spiIn();
        assertThat(SITE.strongSwan().rekeyChild("c1").succeeded()).isTrue();
        StrongSwanSa.IkeSa rekeyed = SITE.strongSwan().awaitIkeSa("t1", sa -> sa.initiatorSpi().equals(theirs.initiatorSpi())
                        && sa.children().size() == 1
                        && sa.child("c1").filter(c -> c.installed() && !c.spiIn().equals(oldSpi)).isPresent(),
                Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("no CHILD_SA rekey\n" + SITE.strongSwan().log()));
        assertThat(await(() -> agent.childSas("t1").size() == 1, Duration.ofSeconds(5))).isTrue();
        assertSameChildSa(rekeyed);
        assertThat(agent.childSas("t1").getFirst().suite()).isEqualTo(esp);
    }

    @Test
    void pskMismatchShowsAuthenticationFailedAsInitiatorAndAsResponder() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, "theirSecret99").build());
        startAgent(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), Duration.ofHours(1), TunnelConfig.StartAction.START);

        // REQ-TUN-003: a PSK mismatch is a negotiation failure with a reason.
        TunnelStatus status = awaitStatus(agent, s -> s.lastError().isPresent(), Duration.ofSeconds(10));
        assertThat(status.negotiationStatus()).as(SITE.strongSwan()::log)
                .startsWith("phase 1 negotiation failed: AUTHENTICATION_FAILED");
        agent.close();

        startAgent(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), Duration.ofHours(1),
                TunnelConfig.StartAction.RESPOND_ONLY);
        assertThat(SITE.strongSwan().initiate("c1", Duration.ofSeconds(5)).succeeded()).isFalse();
        status = awaitStatus(agent, s -> s.lastError().isPresent(), Duration.ofSeconds(5));
        assertThat(status.negotiationStatus()).isEqualTo(
                "phase 1 negotiation failed: AUTHENTICATION_FAILED (the peer's AUTH does not match our pre-shared key)");
    }

    @Test
    void strongSwanAnswersOurCookieChallengeWhenHalfOpenSasReachTheThreshold() throws Exception {
        // RFC 7296 §2.6: threshold 0 means every IKE_SA_INIT must first return our stateless COOKIE.
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).build());
        agent = AgentFixture.start(SITE.network().left(), AgentFixture.tunnel(SITE.network().leftAddress(), SITE.network().rightAddress(),
                SITE.network().leftInner(), SITE.network().rightInner(), PSK, SEED_IKE, SEED_ESP, Duration.ofHours(1),
                Duration.ofHours(1), TunnelConfig.StartAction.RESPOND_ONLY),
                EngineSettings.defaults().withCookieThreshold(0));

        CommandResult up = SITE.strongSwan().initiate("c1", Duration.ofSeconds(10));

        assertThat(up.succeeded()).as(SITE.strongSwan()::log).isTrue();
        assertSameChildSa(awaitStrongSwanUp());
        // charon's file log is block-buffered: wait for the line rather than read it at once.
        assertThat(await(() -> SITE.strongSwan().log().contains("IKE_SA_INIT response 0 [ N(COOKIE) ]"),
                Duration.ofSeconds(10))).as(SITE.strongSwan()::log).isTrue();
    }

    @Test
    void encapsulatedTunnelSendsNatKeepalivesThatStrongSwanIgnores() throws Exception {
        // RFC 3948 §2.3 / REQ-TUN-007: one 0xFF byte on UDP 4500 every keepalive interval (1 s here).
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).build());
        EngineSettings defaults = EngineSettings.defaults();
        EngineSettings fastKeepalives = new EngineSettings(defaults.ikePort(), defaults.natTraversalPort(),
                defaults.initialTimeout(), defaults.backoff(), defaults.maxRetransmits(), defaults.retryAfterFailure(),
                Duration.ofSeconds(1), defaults.halfOpenTimeout(), defaults.cookieThreshold());
        agent = AgentFixture.start(SITE.network().left(), AgentFixture.tunnel(SITE.network().leftAddress(), SITE.network().rightAddress(),
                SITE.network().leftInner(), SITE.network().rightInner(), PSK, SEED_IKE, SEED_ESP, Duration.ofHours(1),
                Duration.ofHours(1), TunnelConfig.StartAction.START), fastKeepalives);
        StrongSwanSa.IkeSa before = awaitStrongSwanUp();

        // Two 9-byte UDP datagrams (8-byte header + 0xFF) from us to strongSwan's port 4500.
        CommandResult captured = SITE.network().right().run(Duration.ofSeconds(30), "timeout", "20", "tcpdump", "-i", "any",
                "-n", "-c", "2", "udp and src host " + SITE.network().leftAddress() + " and dst port 4500"
                        + " and udp[4:2] = 9 and udp[8] = 0xff");

        assertThat(captured.exitCode()).as(captured::describe).isZero();
        StrongSwanSa.IkeSa after = awaitStrongSwanUp();
        assertThat(after.initiatorSpi()).isEqualTo(before.initiatorSpi());
        assertSameChildSa(after);
    }

    @Test
    void proposalMismatchShowsNoProposalChosen() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).build());
        startAgent(IkeSaTransforms.of(EncryptionAlgorithm.AES_256_CBC, IntegrityAlgorithm.HMAC_SHA2_256_128,
                        DiffieHellmanGroup.MODP_2048), SEED_ESP, PSK, Duration.ofHours(1), Duration.ofHours(1),
                TunnelConfig.StartAction.START);

        TunnelStatus status = awaitStatus(agent, s -> s.lastError().isPresent(), Duration.ofSeconds(10));
        assertThat(status.negotiationStatus()).isEqualTo("phase 1 negotiation failed: NO_PROPOSAL_CHOSEN");
    }

    @Test
    void espProposalMismatchShowsPhase2Failure() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).build());
        startAgent(SEED_IKE, esp(EncryptionAlgorithm.AES_256_CBC, IntegrityAlgorithm.HMAC_SHA2_512_256, null), PSK,
                Duration.ofHours(1), Duration.ofHours(1), TunnelConfig.StartAction.START);

        TunnelStatus status = awaitStatus(agent, s -> s.lastError().isPresent(), Duration.ofSeconds(10));
        assertThat(status.negotiationStatus()).isEqualTo("phase 2 negotiation failed: NO_PROPOSAL_CHOSEN");
        assertThat(status.ikeSaState()).isEqualTo("ESTABLISHED");
    }

    @Test
    void shortLifetimesRekeyIkeAndChildSaWithPfsAndTheTunnelStaysUp() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).build());
        startAgent(SEED_IKE, SEED_ESP, PSK, Duration.ofSeconds(30), Duration.ofSeconds(20),
                TunnelConfig.StartAction.START);
        StrongSwanSa.IkeSa first = awaitStrongSwanUp();

        AgentFixture.sleep(40_000);

        TunnelStatus status = agent.status("t1").orElseThrow();
        assertThat(status.counters().childSaRekeyed()).as(SITE.strongSwan()::log).isGreaterThanOrEqualTo(2);
        assertThat(status.counters().ikeSaRekeyed()).isGreaterThanOrEqualTo(1);
        assertThat(status.ikeSaState()).isEqualTo("ESTABLISHED");
        StrongSwanSa.IkeSa now = awaitStrongSwanUp();
        assertThat(now.initiatorSpi()).isNotEqualTo(first.initiatorSpi());
        assertThat(SITE.strongSwan().listSas()).hasSize(1); // the old IKE SA was deleted
        assertThat(now.children()).hasSize(1);
        assertThat(await(() -> agent.childSas("t1").size() == 1, Duration.ofSeconds(5))).isTrue();
        assertSameChildSa(now);
        assertThat(now.child("c1").orElseThrow().dhGroup()).contains("MODP_1024");

        // And the other way round: strongSwan rekeys the IKE SA, our engine answers.
        assertThat(SITE.strongSwan().rekeyIke("t1").succeeded()).isTrue();
        StrongSwanSa.IkeSa afterTheirs = SITE.strongSwan().awaitIkeSa("t1", sa -> sa.established()
                        && !sa.initiatorSpi().equals(now.initiatorSpi()), Duration.ofSeconds(10))
                .orElseThrow(() -> new AssertionError(SITE.strongSwan().log()));
        assertThat(await(() -> agent.status("t1").orElseThrow().ikeSa().orElseThrow().initiatorSpi()
                .equals(afterTheirs.initiatorSpi()), Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void invalidKePayloadIsHandledInBothDirections() throws Exception {
        IkeSaTransforms modp2048 = IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC, IntegrityAlgorithm.HMAC_SHA1_96,
                DiffieHellmanGroup.MODP_2048);
        // strongSwan wants MODP_2048 only; the agent sends a MODP_1024 KE first and must retry.
        SITE.strongSwan().load(strongSwanSide(modp2048, SEED_ESP, PSK).build());
        agent = AgentFixture.start(SITE.network().left(), AgentFixture.tunnel(SITE.network().leftAddress(), SITE.network().rightAddress(),
                SITE.network().leftInner() + "/32", SITE.network().rightInner() + "/32", PSK, SEED_IKE,
                List.of(DiffieHellmanGroup.MODP_1024, DiffieHellmanGroup.MODP_2048), SEED_ESP, Duration.ofHours(1),
                Duration.ofHours(1), TunnelConfig.StartAction.START));
        assertThat(awaitStrongSwanUp().dhGroup()).contains("MODP_2048");
        stopAgent();

        // strongSwan sends a MODP_1024 KE but offers MODP_2048 too; the agent wants MODP_2048.
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).ikeProposals(SEED_IKE, modp2048).build());
        startAgent(modp2048, SEED_ESP, PSK, Duration.ofHours(1), Duration.ofHours(1),
                TunnelConfig.StartAction.RESPOND_ONLY);
        assertThat(SITE.strongSwan().initiate("c1", Duration.ofSeconds(10)).succeeded()).as(SITE.strongSwan()::log).isTrue();
        assertThat(awaitStrongSwanUp().dhGroup()).contains("MODP_2048");
        assertThat(SITE.strongSwan().log()).contains("parsed IKE_SA_INIT response 0 [ N(INVAL_KE) ]");
    }

    @Test
    void strongSwanNarrowsOurSelectorsAndDisjointSelectorsAreUnacceptable() throws Exception {
        // REQ-CONN-005 policy mode: we offer /24s, strongSwan only allows the /32s inside them.
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).build());
        agent = AgentFixture.start(SITE.network().left(), AgentFixture.tunnel(SITE.network().leftAddress(), SITE.network().rightAddress(),
                "192.168.100.0/24", "172.16.10.0/24", PSK, SEED_IKE, List.of(SEED_IKE.group()), SEED_ESP,
                Duration.ofHours(1), Duration.ofHours(1), TunnelConfig.StartAction.START));
        awaitStrongSwanUp();
        TunnelStatus status = awaitStatus(agent, s -> !s.childSas().isEmpty(), Duration.ofSeconds(5));
        assertThat(status.childSas().getFirst().localSelectors()).containsExactly("192.168.100.1..192.168.100.1");
        assertThat(status.childSas().getFirst().remoteSelectors()).containsExactly("172.16.10.1..172.16.10.1");
        stopAgent();

        agent = AgentFixture.start(SITE.network().left(), AgentFixture.tunnel(SITE.network().leftAddress(), SITE.network().rightAddress(),
                "10.1.0.0/16", "10.2.0.0/16", PSK, SEED_IKE, List.of(SEED_IKE.group()), SEED_ESP,
                Duration.ofHours(1), Duration.ofHours(1), TunnelConfig.StartAction.START));
        status = awaitStatus(agent, s -> s.lastError().isPresent(), Duration.ofSeconds(10));
        assertThat(status.negotiationStatus()).isEqualTo("phase 2 negotiation failed: TS_UNACCEPTABLE");
    }

    @Test
    void bothSidesInitiatingAtOnceEndWithOneWorkingTunnel() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).startAction(SwanctlConnection.StartAction.START).build());
        startAgent(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), Duration.ofHours(1), TunnelConfig.StartAction.START);

        AgentFixture.sleep(5_000);

        StrongSwanSa.IkeSa theirs = awaitStrongSwanUp();
        assertThat(await(() -> agent.childSas("t1").size() == 1, Duration.ofSeconds(5))).isTrue();
        assertThat(agent.status("t1").orElseThrow().negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        assertThat(SITE.strongSwan().listSas()).as(SITE.strongSwan()::log).hasSize(1);
        assertSameChildSa(theirs);
    }

    @Test
    void terminateSendsDeleteAndStrongSwanRemovesTheSas() throws Exception {
        SITE.strongSwan().load(strongSwanSide(SEED_IKE, SEED_ESP, PSK).build());
        startAgent(SEED_IKE, SEED_ESP, PSK, Duration.ofHours(1), Duration.ofHours(1), TunnelConfig.StartAction.START);
        awaitStrongSwanUp();

        assertThat(agent.terminate("t1")).isTrue();

        assertThat(await(() -> SITE.strongSwan().listSas().isEmpty(), Duration.ofSeconds(5))).as(SITE.strongSwan()::log).isTrue();
        assertThat(awaitStatus(agent, s -> s.ikeSaState().equals("NONE"), Duration.ofSeconds(5)).negotiationStatus())
                .isEqualTo("terminated");
    }
}
