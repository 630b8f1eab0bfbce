package io.vpnplane.agent.ikev1.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.dataplane.ChildSaInstaller;
import io.vpnplane.agent.dataplane.GatewayDataPlane;
import io.vpnplane.agent.dataplane.Tunnel;
import io.vpnplane.agent.dpd.DpdAction;
import io.vpnplane.agent.ike.Cidr;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.Identity;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.PreSharedKey;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ike.TunnelStatus;
import io.vpnplane.agent.ikev1.Ikev1Mode;
import io.vpnplane.agent.interop.CommandResult;
import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.StrongSwanPeer;
import io.vpnplane.agent.interop.SwanctlConnection;
import io.vpnplane.agent.interop.TestNetwork;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IKEv1 end to end: our engine negotiates main mode + quick mode with strongSwan ({@code version = 1}),
 * our ESP data plane carries pings both ways through the TUN device. Then strongSwan's answers are
 * black-holed: the agent's RFC 3706 R-U-THERE go unanswered, it declares the peer dead after its short
 * live-test timeout (REQ-TUN-006) and, with action restart, brings the tunnel back once the path heals.
 */
@Tag("interop")
class Ikev1DataPlaneInteropTest {

    private static final String PSK = "fddsFF123abc";
    private static final IkeSaTransforms IKE = IkeSaTransforms.of(EncryptionAlgorithm.AES_256_CBC,
            IntegrityAlgorithm.HMAC_SHA2_256_128, DiffieHellmanGroup.MODP_2048);
    private static final ChildSaTransforms ESP = new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC,
            Optional.of(IntegrityAlgorithm.HMAC_SHA1_96), Optional.of(DiffieHellmanGroup.MODP_2048));
    private static final EngineSettings SHORT_TIMERS = new EngineSettings(500, 4500, Duration.ofMillis(500), 1.0, 4,
            Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(30), 50);
    private static final Duration DPD_INTERVAL = Duration.ofSeconds(1);
    private static final Duration DPD_TIMEOUT = Duration.ofSeconds(4);

    @TempDir
    Path home;

    @Test
    void pingThroughTheTunnelAndDpdRestartsAfterPeerSilence() throws Exception {
        assumeTrue(HostCommands.runningAsRoot(), "needs root (network namespaces, TUN)");
        assumeTrue(StrongSwanPeer.isInstalled(), "needs strongswan-charon and strongswan-swanctl");
        try (TestNetwork network = TestNetwork.create(new TestNetwork.Addressing("10.9.42.1", "10.9.42.2", 24,
                "192.168.142.1", "172.16.142.1"));
             StrongSwanPeer strongSwan = StrongSwanPeer.start(network.right(), home.resolve("right"))) {
            strongSwan.load(SwanctlConnection.builder("t1").version(1)
                    .addresses(network.rightAddress(), network.leftAddress())
                    .presharedKey(PSK)
                    .ikeProposals(IKE)
                    .espProposals(ESP)
                    .child("c1", network.rightInner() + "/32", network.leftInner() + "/32")
                    .build());
            TunnelConfig tunnel = tunnelConfig(network);
            GatewayDataPlane gateway = network.left().callInside(() -> GatewayDataPlane.start("vpn1", List.of(tunnel),
                    Map.of("t1", Ikev1Mode.MAIN), SHORT_TIMERS));
            IkeDaemon agent = gateway.daemon();
            ChildSaInstaller installer = gateway.installer();
            try {
                await(() -> installer.tunnel("t1").flatMap(Tunnel::outbound).isPresent(), Duration.ofSeconds(10),
                        strongSwan::log);
                CommandResult ping = network.pingLeftToRightInner(3);
                assertThat(ping.exitCode()).as(() -> ping.describe() + strongSwan.log()).isZero();
                CommandResult pingBack = network.pingRightToLeftInner(3);
                assertThat(pingBack.exitCode()).as(pingBack::describe).isZero();

                // strongSwan keeps receiving, but nothing it sends reaches us any more.
                network.right().run("ip", "route", "add", "blackhole", network.leftAddress() + "/32").requireSuccess();
                Instant silencedAt = Instant.now();
                Duration budget = DPD_TIMEOUT.plus(Duration.ofSeconds(3));
                await(() -> agent.status("t1").orElseThrow().lastError().orElse("").contains("peer dead"), budget,
                        () -> agent.status("t1").toString());
                assertThat(Duration.between(silencedAt, Instant.now())).isLessThanOrEqualTo(budget);
                TunnelStatus dead = agent.status("t1").orElseThrow();
                assertThat(dead.dpd().orElseThrow().history()).extracting(TunnelStatus.DpdHistoryEntry::event)
                        .contains("PEER_DEAD");
                assertThat(dead.dpd().orElseThrow().livenessChecksSent()).isPositive();

                network.right().run("ip", "route", "del", "blackhole", network.leftAddress() + "/32").requireSuccess();
                await(() -> agent.status("t1").orElseThrow().negotiationStatus().equals("phase 2 negotiation succeeded")
                        && installer.tunnel("t1").flatMap(Tunnel::outbound).isPresent(), Duration.ofSeconds(20),
                        strongSwan::log);
                CommandResult pingAgain = network.pingLeftToRightInner(3);
                assertThat(pingAgain.exitCode()).as(() -> pingAgain.describe() + strongSwan.log()).isZero();
            } finally {
                gateway.close();
            }
        }
    }

    private static TunnelConfig tunnelConfig(TestNetwork network) throws Exception {
        InetAddress local = InetAddress.getByName(network.leftAddress());
        InetAddress remote = InetAddress.getByName(network.rightAddress());
        return new TunnelConfig("t1", local, remote, new PreSharedKey(PSK),
                new TunnelConfig.IkeSettings(IKE.encryption(), IKE.prf(), IKE.integrity(), List.of(IKE.group()),
                        Duration.ofHours(1), Identity.of(local), Identity.of(remote)),
                new TunnelConfig.IpsecSettings(ESP.encryption(), ESP.integrity(), ESP.pfsGroup(), Duration.ofHours(1)),
                new TunnelConfig.DpdSettings(true, DPD_INTERVAL, DPD_TIMEOUT, DpdAction.RESTART),
                true, true, TunnelConfig.RoutingMode.POLICY, List.of(Cidr.parse(network.leftInner() + "/32")),
                List.of(Cidr.parse(network.rightInner() + "/32")), TunnelConfig.StartAction.START);
    }

    private static void await(BooleanSupplier condition, Duration timeout, Supplier<String> why)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + why.get());
            }
            Thread.sleep(50);
        }
    }
}
