package io.vpnplane.agent.ikev1;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.dpd.DpdAction;
import io.vpnplane.agent.dpd.ManualScheduler;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.Cidr;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeTransport;
import io.vpnplane.agent.ike.Identity;
import io.vpnplane.agent.ike.PeerActivity;
import io.vpnplane.agent.ike.PreSharedKey;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ike.TunnelStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Two IKEv1 engines talking through an in-memory network in virtual time: main mode, quick mode (with
 * and without PFS), rekeying, DELETE, PSK mismatch and RFC 3706 DPD (REQ-TUN-006: 30 s timeout).
 */
class Ikev1EngineTest {

    private static final InetAddress A = address("10.9.1.1");
    private static final InetAddress B = address("10.9.1.2");

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Map<InetAddress, Ikev1Engine> engines = new HashMap<>();
    private final Map<InetAddress, List<ChildSa>> installed = new HashMap<>();
    /** Drops every datagram from or to matching endpoints while set (a dead peer). */
    private Predicate<InetSocketAddress> blackhole = remote -> false;

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites datagrams in flight (a hostile or broken path); identity unless a test sets it. */
    private java.util.function.UnaryOperator<byte[]> path = java.util.function.UnaryOperator.identity();

    private Ikev1Engine engine(InetAddress self) {
        List<ChildSa> children = new ArrayList<>();
        installed.put(self, children);
        IkeTransport transport = new IkeTransport() {
            @Override
            public void send(InetSocketAddress local, InetSocketAddress remote, byte[] message) {
                if (blackhole.test(remote) || blackhole.test(local)) {
                    return;
                }
                byte[] delivered = path.apply(message.clone());
                scheduler.execute(() -> engines.get(remote.getAddress()).receive(remote, local, delivered));
            }

            @Override
            public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
            }
        };
        Ikev1Engine engine = new Ikev1Engine(scheduler, transport, new SecureRandom(), EngineSettings.defaults(),
                new ChildSaListener() {
                    @Override
                    public void installed(ChildSa childSa) {
                        children.add(childSa);
                    }

                    @Override
                    public void removed(ChildSa childSa) {
                        children.remove(childSa);
                    }
                }, PeerActivity.NONE);
        engines.put(self, engine);
        return engine;
    }

    private static final Cidr LEFT_NET = Cidr.parse("192.168.1.0/24");
    private static final Cidr RIGHT_NET = Cidr.parse("172.16.0.0/16");

    private static TunnelConfig tunnel(InetAddress local, InetAddress remote, String psk,
                                       Optional<DiffieHellmanGroup> pfs, Duration childLifetime,
                                       TunnelConfig.StartAction start) {
        return new TunnelConfig("t1", local, remote, new PreSharedKey(psk),
                new TunnelConfig.IkeSettings(EncryptionAlgorithm.AES_256_CBC,
                        IntegrityAlgorithm.HMAC_SHA2_256_128.matchingPrf(), Optional.of(IntegrityAlgorithm.HMAC_SHA2_256_128),
                        List.of(DiffieHellmanGroup.MODP_2048), Duration.ofHours(8), Identity.of(local),
                        Identity.of(remote)),
                new TunnelConfig.IpsecSettings(EncryptionAlgorithm.AES_128_CBC, Optional.of(IntegrityAlgorithm.HMAC_SHA1_96),
                        pfs, childLifetime),
                new TunnelConfig.DpdSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(30), DpdAction.RESTART),
                true, true, TunnelConfig.RoutingMode.POLICY, List.of(LEFT_NET), List.of(RIGHT_NET), start);
    }

    private TunnelConfig mirrored(TunnelConfig config) {
        return new TunnelConfig(config.id(), config.remoteAddress(), config.localAddress(), config.psk(),
                new TunnelConfig.IkeSettings(config.ike().encryption(), config.ike().prf(), config.ike().integrity(),
                        config.ike().dhGroups(), config.ike().lifetime(), config.ike().remoteId(), config.ike().localId()),
                config.ipsec(), config.dpd(), true, true, TunnelConfig.RoutingMode.POLICY, config.remoteCidrs(),
                config.localCidrs(), TunnelConfig.StartAction.RESPOND_ONLY);
    }

    private void run(Duration duration) {
        scheduler.advance(duration);
    }

    private TunnelStatus status(InetAddress side) {
        return engines.get(side).status("t1").orElseThrow();
    }

    private void establish(TunnelConfig initiatorConfig, TunnelConfig responderConfig) {
        establish(initiatorConfig, Ikev1Mode.MAIN, responderConfig, Ikev1Mode.MAIN);
    }

    private void establish(TunnelConfig initiatorConfig, Ikev1Mode initiatorMode, TunnelConfig responderConfig,
                           Ikev1Mode responderMode) {
        engine(B).addTunnel(responderConfig, responderMode);
        engine(A).addTunnel(initiatorConfig, initiatorMode);
        run(Duration.ofSeconds(1));
    }

    private static TunnelConfig withIds(TunnelConfig config, String local, String remote) {
        return new TunnelConfig(config.id(), config.localAddress(), config.remoteAddress(), config.psk(),
                new TunnelConfig.IkeSettings(config.ike().encryption(), config.ike().prf(), config.ike().integrity(),
                        config.ike().dhGroups(), config.ike().lifetime(), Identity.parse(local), Identity.parse(remote)),
                config.ipsec(), config.dpd(), config.natTraversal(), config.forceEncapsulation(), config.routingMode(),
                config.localCidrs(), config.remoteCidrs(), config.startAction());
    }

    @Test
    void aggressiveModeWithFqdnIdentities() {
        TunnelConfig config = withIds(tunnel(A, B, "fddsFF123abc", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START), "left.example.com", "right.example.com");
        establish(config, Ikev1Mode.AGGRESSIVE, mirrored(config), Ikev1Mode.AGGRESSIVE);

        assertThat(status(A).negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        assertThat(status(B).negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        assertThat(status(B).ikeSa().orElseThrow().remoteEndpoint()).isEqualTo("10.9.1.1:4500");
        assertThat(installed.get(A).getFirst().outboundSpi()).isEqualTo(installed.get(B).getFirst().inboundSpi());
    }

    @Test
    void aggressiveModeWithTheWrongPeerIdentityOrPskFails() {
        TunnelConfig config = withIds(tunnel(A, B, "fddsFF123abc", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START), "left.example.com", "right.example.com");
        TunnelConfig wrongPsk = mirrored(withIds(tunnel(A, B, "other", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START), "left.example.com", "right.example.com"));
        establish(config, Ikev1Mode.AGGRESSIVE, wrongPsk, Ikev1Mode.AGGRESSIVE);

        assertThat(status(A).lastError()).contains(
                "phase 1 negotiation failed: AUTHENTICATION_FAILED (the peer's HASH_R does not match our pre-shared key)");
        assertThat(installed.get(B)).isEmpty();
    }

    @Test
    void dpdActionHoldWaitsForTrafficBeforeRenegotiating() {
        TunnelConfig base = tunnel(A, B, "fddsFF123abc", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START);
        TunnelConfig config = new TunnelConfig(base.id(), base.localAddress(), base.remoteAddress(), base.psk(),
                base.ike(), base.ipsec(), new TunnelConfig.DpdSettings(true, Duration.ofSeconds(10),
                        Duration.ofSeconds(30), DpdAction.HOLD), true, true, base.routingMode(), base.localCidrs(),
                base.remoteCidrs(), base.startAction());
        establish(config, mirrored(config));
        blackhole = remote -> remote.getAddress().equals(B);
        run(Duration.ofSeconds(45));
        assertThat(status(A).negotiationStatus()).isEqualTo("peer dead: held until traffic or the peer initiates");
        blackhole = remote -> false;

        run(Duration.ofMinutes(2));
        assertThat(status(A).ikeSaState()).isEqualTo("NONE"); // held: no renegotiation on its own

        engines.get(A).acquire("t1"); // traffic for the tunnel
        run(Duration.ofSeconds(1));
        assertThat(status(A).negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
    }

    @Test
    void corruptedDatagramsAreDroppedWithoutBreakingEitherEngine() {
        java.util.Random random = new java.util.Random(3947);
        path = datagram -> {
            if (random.nextInt(3) == 0) {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    datagram[random.nextInt(datagram.length)] = (byte) random.nextInt(256);
                }
            }
            return datagram;
        };
        TunnelConfig config = tunnel(A, B, "fddsFF123abc", Optional.of(DiffieHellmanGroup.MODP_1024),
                Duration.ofSeconds(30), TunnelConfig.StartAction.START);
        establish(config, mirrored(config));
        run(Duration.ofMinutes(10)); // negotiations, rekeys and DPD under corruption: nothing may throw

        path = java.util.function.UnaryOperator.identity();
        run(Duration.ofMinutes(2));
        assertThat(status(A).negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        assertThat(installed.get(A)).isNotEmpty();
        assertThat(installed.get(A).getLast().outboundSpi()).isIn(installed.get(B).stream().map(ChildSa::inboundSpi).toList());
    }

    @Test
    void halfOpenResponderSaIsForgotten() {
        TunnelConfig config = tunnel(A, B, "fddsFF123abc", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START);
        engine(B).addTunnel(mirrored(config), Ikev1Mode.MAIN);
        engine(A).addTunnel(config, Ikev1Mode.MAIN);
        blackhole = remote -> remote.getAddress().equals(A); // B's answers never arrive
        run(Duration.ofSeconds(1));
        assertThat(status(B).ikeSaState()).isEqualTo("CONNECTING");

        run(EngineSettings.defaults().halfOpenTimeout());

        assertThat(status(B).ikeSaState()).isEqualTo("NONE");
    }

    @Test
    void mainModeOnlyTunnelIgnoresAggressiveMode() {
        TunnelConfig config = tunnel(A, B, "fddsFF123abc", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START);
        establish(config, Ikev1Mode.AGGRESSIVE, mirrored(config), Ikev1Mode.MAIN);
        run(Duration.ofMinutes(3));

        assertThat(status(A).lastError()).contains(
                "phase 1 negotiation failed: peer not responding to AGGRESSIVE");
        assertThat(status(B).ikeSaState()).isEqualTo("NONE");
    }

    @Test
    void mainModeAndQuickModeInstallMatchingEspSas() {
        TunnelConfig config = tunnel(A, B, "fddsFF123abc", Optional.of(DiffieHellmanGroup.MODP_1024),
                Duration.ofHours(1), TunnelConfig.StartAction.START);
        establish(config, mirrored(config));

        TunnelStatus a = status(A);
        TunnelStatus b = status(B);
        assertThat(a.ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(b.ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(a.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        assertThat(b.negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
        assertThat(a.ikeSa().orElseThrow().algorithms()).isEqualTo("aes256-sha256-prfsha256-modp2048");
        // Forced encapsulation: both sides moved to the NAT-T port from message 5 on.
        assertThat(a.ikeSa().orElseThrow().remoteEndpoint()).isEqualTo("10.9.1.2:4500");
        assertThat(b.ikeSa().orElseThrow().remoteEndpoint()).isEqualTo("10.9.1.1:4500");

        ChildSa ours = installed.get(A).getFirst();
        ChildSa theirs = installed.get(B).getFirst();
        assertThat(ours.inboundSpi()).isEqualTo(theirs.outboundSpi());
        assertThat(ours.outboundSpi()).isEqualTo(theirs.inboundSpi());
        assertThat(ours.keys().inboundEncryptionKey()).isEqualTo(theirs.keys().outboundEncryptionKey()).hasSize(16);
        assertThat(ours.keys().inboundIntegrityKey()).isEqualTo(theirs.keys().outboundIntegrityKey()).hasSize(20);
        assertThat(ours.keys().outboundEncryptionKey()).isEqualTo(theirs.keys().inboundEncryptionKey())
                .isNotEqualTo(ours.keys().inboundEncryptionKey());
        assertThat(ours.udpEncapsulated()).isTrue();
        assertThat(ours.suite().strongSwanProposal()).isEqualTo("aes128-sha1-modp1024");
        assertThat(ours.localSelectors()).hasToString(List.of(LEFT_NET.toTrafficSelector()).toString());
        assertThat(theirs.remoteSelectors()).hasToString(ours.localSelectors().toString());
        assertThat(theirs.localSelectors()).hasToString(List.of(RIGHT_NET.toTrafficSelector()).toString());
    }

    @Test
    void everyPrefixCombinationGetsItsOwnIpsecSaAndRekeysAlone() {
        Cidr second = Cidr.parse("192.168.2.0/24");
        TunnelConfig base = tunnel(A, B, "fddsFF123abc", Optional.empty(), Duration.ofSeconds(40),
                TunnelConfig.StartAction.START);
        TunnelConfig config = new TunnelConfig(base.id(), base.localAddress(), base.remoteAddress(), base.psk(),
                base.ike(), base.ipsec(), base.dpd(), true, true, TunnelConfig.RoutingMode.POLICY,
                List.of(LEFT_NET, second), List.of(RIGHT_NET), base.startAction());
        establish(config, mirrored(config));

        assertThat(installed.get(A)).hasSize(2);
        assertThat(installed.get(B)).hasSize(2);
        assertThat(installed.get(A)).extracting(c -> c.localSelectors().toString()).containsExactlyInAnyOrder(
                List.of(LEFT_NET.toTrafficSelector()).toString(), List.of(second.toTrafficSelector()).toString());

        run(Duration.ofSeconds(38)); // past the 90 % rekey of both, before their expiry
        assertThat(installed.get(A)).hasSize(2);
        assertThat(installed.get(B)).hasSize(2);
        assertThat(status(A).counters().childSaRekeyed()).isEqualTo(2);
        assertThat(installed.get(A)).extracting(ChildSa::outboundSpi)
                .containsExactlyInAnyOrderElementsOf(installed.get(B).stream().map(ChildSa::inboundSpi).toList());
    }

    @Test
    void pskMismatchFailsWithTheAuthenticationReason() {
        TunnelConfig config = tunnel(A, B, "right-key", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START);
        TunnelConfig other = mirrored(tunnel(A, B, "wrong-key", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START));
        establish(config, other);
        run(Duration.ofMinutes(3));

        assertThat(status(B).lastError()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("phase 1 negotiation failed: AUTHENTICATION_FAILED"));
        assertThat(status(A).lastError()).contains(
                "phase 1 negotiation failed: AUTHENTICATION_FAILED (no answer to our encrypted identity: pre-shared key mismatch)");
        assertThat(installed.get(A)).isEmpty();
        assertThat(installed.get(B)).isEmpty();
    }

    @Test
    void shortLifetimesRekeyWithPfsAndDeleteTheOldSa() {
        TunnelConfig config = tunnel(A, B, "fddsFF123abc", Optional.of(DiffieHellmanGroup.MODP_1024),
                Duration.ofSeconds(20), TunnelConfig.StartAction.START);
        establish(config, mirrored(config));
        int firstSpi = installed.get(A).getFirst().inboundSpi();

        run(Duration.ofSeconds(19));

        assertThat(installed.get(A)).hasSize(1);
        assertThat(installed.get(B)).hasSize(1);
        assertThat(installed.get(A).getFirst().inboundSpi()).isNotEqualTo(firstSpi);
        assertThat(installed.get(A).getFirst().outboundSpi()).isEqualTo(installed.get(B).getFirst().inboundSpi());
        assertThat(status(A).counters().childSaRekeyed()).isEqualTo(1);
        assertThat(status(B).counters().childSaRekeyed()).isEqualTo(1);
    }

    @Test
    void shortPhase1LifetimeReauthenticatesAndKeepsTheIpsecSas() {
        TunnelConfig base = tunnel(A, B, "fddsFF123abc", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START);
        TunnelConfig config = new TunnelConfig(base.id(), base.localAddress(), base.remoteAddress(), base.psk(),
                new TunnelConfig.IkeSettings(base.ike().encryption(), base.ike().prf(), base.ike().integrity(),
                        base.ike().dhGroups(), Duration.ofSeconds(30), base.ike().localId(), base.ike().remoteId()),
                base.ipsec(), base.dpd(), true, true, base.routingMode(), base.localCidrs(), base.remoteCidrs(),
                base.startAction());
        establish(config, mirrored(config));
        String firstCookie = status(A).ikeSa().orElseThrow().initiatorSpi();
        ChildSa child = installed.get(A).getFirst();

        run(Duration.ofSeconds(28));

        assertThat(status(A).ikeSa().orElseThrow().initiatorSpi()).isNotEqualTo(firstCookie);
        assertThat(status(B).ikeSa().orElseThrow().initiatorSpi()).isEqualTo(status(A).ikeSa().orElseThrow().initiatorSpi());
        assertThat(status(A).ikeSaState()).isEqualTo("ESTABLISHED");
        assertThat(status(A).counters().ikeSaRekeyed()).isEqualTo(1);
        assertThat(installed.get(A)).containsExactly(child);
        assertThat(installed.get(B)).hasSize(1);
    }

    @Test
    void terminateSendsDeleteAndThePeerDropsEverything() {
        TunnelConfig config = tunnel(A, B, "fddsFF123abc", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START);
        establish(config, mirrored(config));

        engines.get(A).terminate("t1");
        run(Duration.ofSeconds(1));

        assertThat(installed.get(A)).isEmpty();
        assertThat(installed.get(B)).isEmpty();
        assertThat(status(B).ikeSaState()).isEqualTo("NONE");
        assertThat(status(A).negotiationStatus()).isEqualTo("terminated");
    }

    @Test
    void deadPeerIsDeclaredAfterThirtySecondsOfUnansweredRuThere() {
        TunnelConfig config = tunnel(A, B, "fddsFF123abc", Optional.empty(), Duration.ofHours(1),
                TunnelConfig.StartAction.START);
        establish(config, mirrored(config));
        run(Duration.ofSeconds(25));
        assertThat(status(A).dpd().orElseThrow().livenessChecksSent()).isPositive(); // answered with ACKs
        assertThat(status(A).ikeSaState()).isEqualTo("ESTABLISHED");

        blackhole = remote -> remote.getAddress().equals(B);
        java.time.Instant lastHeard = status(A).dpd().orElseThrow().lastHeard().orElseThrow();
        run(Duration.between(scheduler.now(), lastHeard.plusSeconds(29)));
        assertThat(status(A).ikeSaState()).isEqualTo("ESTABLISHED");
        run(Duration.ofSeconds(2));

        assertThat(status(A).lastError()).contains("peer dead: no answer to R-U-THERE");
        assertThat(status(A).dpd().orElseThrow().history()).extracting(TunnelStatus.DpdHistoryEntry::event)
                .containsExactly("PEER_DEAD");
        assertThat(installed.get(A)).isEmpty();

        blackhole = remote -> false; // the peer is back: action restart renegotiates
        run(Duration.ofSeconds(15));
        assertThat(status(A).negotiationStatus()).isEqualTo("phase 2 negotiation succeeded");
    }
}
