package io.vpnplane.agent.dataplane.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.dataplane.ChildSaInstaller;
import io.vpnplane.agent.dataplane.GatewayDataPlane;
import io.vpnplane.agent.dataplane.TunDevice;
import io.vpnplane.agent.dataplane.Tunnel;
import io.vpnplane.agent.ike.Cidr;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.Identity;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.PreSharedKey;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.interop.CommandResult;
import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.StrongSwanPeer;
import io.vpnplane.agent.interop.SwanctlConnection;
import io.vpnplane.agent.interop.TestNetwork;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5 acceptance against strongSwan (charon with kernel-libipsec, right namespace): our IKE engine
 * negotiates, our data plane carries the traffic through a TUN device in the left namespace. Ping and
 * iperf3 both ways; then charon is killed (SIGKILL: no DELETE) and the agent must declare the peer dead
 * within its (short, live-test) DPD budget and, with restart, bring the tunnel back by itself when
 * charon returns. REQ-GW-001, REQ-TUN-006.
 */
@Tag("interop")
class StrongSwanDataPlaneTest {

    private static final String PSK = "fddsFF123abc";
    private static final IkeSaTransforms IKE = IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC,
            IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024);
    /** Retransmits 0.5 s apart, 4 of them (for negotiation); peer death is DPD's business below. */
    private static final EngineSettings SHORT_TIMERS = new EngineSettings(500, 4500, Duration.ofMillis(500), 1.0, 4,
            Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(30), 50);
    /** Live DPD budget: liveness checks after 2 s of silence, dead after 4 s (REQ-TUN-006). */
    private static final Duration DPD_INTERVAL = Duration.ofSeconds(2);
    private static final Duration DPD_TIMEOUT = Duration.ofSeconds(4);

    @TempDir
    Path home;

    static Stream<Arguments> suites() {
        return Stream.of(
                Arguments.of(new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC,
                        Optional.of(IntegrityAlgorithm.HMAC_SHA1_96), Optional.of(DiffieHellmanGroup.MODP_1024))),
                Arguments.of(new ChildSaTransforms(EncryptionAlgorithm.AES_128_GCM_16, Optional.empty(),
                        Optional.empty())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void trafficFlowsBothWaysAndTheTunnelSurvivesStrongSwanDying(ChildSaTransforms esp) throws Exception {
        assumeTrue(HostCommands.runningAsRoot(), "needs root (network namespaces, TUN)");
        assumeTrue(StrongSwanPeer.isInstalled(), "needs strongswan-charon and strongswan-swanctl");
        try (TestNetwork network = TestNetwork.create()) {
            StrongSwanPeer strongSwan = startStrongSwan(network, esp, home.resolve("first"));
            TunnelConfig tunnel = tunnelConfig(network, esp);
            // Inside the left namespace: TUN device, kernel route to the peer's inner address, IKE sockets.
            GatewayDataPlane gateway = network.left().callInside(() -> GatewayDataPlane.start("vpn0", List.of(tunnel),
                    SHORT_TIMERS));
            IkeDaemon agent = gateway.daemon();
            ChildSaInstaller installer = gateway.installer();
            try {
                assertThat(agent.initiate("t1")).isTrue();
                await(() -> installer.tunnel("t1").flatMap(Tunnel::outbound).isPresent(), Duration.ofSeconds(10),
                        strongSwan::log);

                CommandResult ping = network.pingLeftToRightInner(3);
                assertThat(ping.exitCode()).as(ping.describe() + strongSwan.log()).isZero();
                CommandResult pingBack = network.pingRightToLeftInner(3);
                assertThat(pingBack.exitCode()).as(pingBack.describe()).isZero();
                iperf3BothWays(network);
                // TSO super-packets from the TUN device were cut into segments strongSwan accepted (issue 5).
                assertThat(gateway.plane().tunOffload()).isEqualTo(TunDevice.Offload.TCP_SEGMENTATION);
                assertThat(gateway.plane().statistics().superPacketsRead()).isPositive();
                assertThat(gateway.plane().statistics().malformed()).isZero();

                // Peer death: SIGKILL, so charon cannot send a DELETE.
                Instant killedAt = Instant.now();
                for (long pid : network.right().pids()) {
                    HostCommands.run("kill", "-9", Long.toString(pid));
                }
                // Silence is counted from the last IKE message or ESP packet, at most the kill moment.
                Duration budget = DPD_TIMEOUT.plus(Duration.ofSeconds(3));
                await(() -> agent.status("t1").orElseThrow().lastError().orElse("").contains("peer dead"), budget,
                        () -> agent.status("t1").toString());
                assertThat(Duration.between(killedAt, Instant.now())).isLessThanOrEqualTo(budget);
                await(() -> installer.tunnel("t1").flatMap(Tunnel::outbound).isEmpty(), Duration.ofSeconds(2),
                        () -> "old SA still installed");

                // restart: the agent keeps initiating; charon comes back and the tunnel with it.
                strongSwan = startStrongSwan(network, esp, home.resolve("second"));
                await(() -> installer.tunnel("t1").flatMap(Tunnel::outbound).isPresent(), Duration.ofSeconds(20),
                        strongSwan::log);
                CommandResult pingAgain = network.pingLeftToRightInner(3);
                assertThat(pingAgain.exitCode()).as(pingAgain.describe()).isZero();
            } finally {
                gateway.close();
                strongSwan.close();
            }
        }
    }

    private static StrongSwanPeer startStrongSwan(TestNetwork network, ChildSaTransforms esp, Path directory) {
        StrongSwanPeer peer = StrongSwanPeer.start(network.right(), directory);
        peer.load(SwanctlConnection.builder("t1")
                .addresses(network.rightAddress(), network.leftAddress())
                .presharedKey(PSK)
                .ikeProposals(IKE)
                .espProposals(esp)
                .child("c1", network.rightInner() + "/32", network.leftInner() + "/32")
                .build());
        return peer;
    }

    private static TunnelConfig tunnelConfig(TestNetwork network, ChildSaTransforms esp) throws Exception {
        InetAddress local = InetAddress.getByName(network.leftAddress());
        InetAddress remote = InetAddress.getByName(network.rightAddress());
        return new TunnelConfig("t1", local, remote, new PreSharedKey(PSK),
                new TunnelConfig.IkeSettings(IKE.encryption(), IKE.prf(), IKE.integrity(), List.of(IKE.group()),
                        Duration.ofHours(1), Identity.of(local), Identity.of(remote)),
                new TunnelConfig.IpsecSettings(esp.encryption(), esp.integrity(), esp.pfsGroup(), Duration.ofHours(1)),
                new TunnelConfig.DpdSettings(true, DPD_INTERVAL, DPD_TIMEOUT),
                true, true, TunnelConfig.RoutingMode.POLICY, List.of(Cidr.parse(network.leftInner() + "/32")),
                List.of(Cidr.parse(network.rightInner() + "/32")), TunnelConfig.StartAction.START);
    }

    private static void iperf3BothWays(TestNetwork network) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/iperf3")), "iperf3 not installed");
        Process server = new ProcessBuilder("ip", "netns", "exec", network.right().name(), "iperf3", "-s", "-1", "-B",
                network.rightInner()).redirectErrorStream(true).start();
        try {
            Thread.sleep(500);
            CommandResult run = network.left().run(Duration.ofSeconds(30), "iperf3", "-c", network.rightInner(), "-B",
                    network.leftInner(), "-t", "2", "--bidir");
            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.stdout()).contains("receiver");
        } finally {
            server.waitFor(5, TimeUnit.SECONDS);
            server.destroy();
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> why)
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
