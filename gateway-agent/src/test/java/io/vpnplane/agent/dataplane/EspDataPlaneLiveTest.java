package io.vpnplane.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real traffic through two agents' data planes (TUN + ESP in UDP 4500) in two network namespaces: ping
 * both ways and a short iperf3 run both ways, with and without the TUN/UDP offloads (issue 5). REQ-GW-001.
 */
class EspDataPlaneLiveTest {

    static Stream<Arguments> transforms() {
        return Stream.of(AgentPair.Offloads.values()).flatMap(offloads -> Stream.of(
                new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC, Optional.of(IntegrityAlgorithm.HMAC_SHA1_96),
                        Optional.empty()),
                new ChildSaTransforms(EncryptionAlgorithm.AES_128_GCM_16, Optional.empty(), Optional.empty()),
                new ChildSaTransforms(EncryptionAlgorithm.TRIPLE_DES_CBC,
                        Optional.of(IntegrityAlgorithm.HMAC_SHA2_256_128), Optional.empty()))
                .map(transforms -> Arguments.of(transforms, offloads)));
    }

    @ParameterizedTest(name = "{0}, offloads {1}")
    @MethodSource("transforms")
    void pingAndIperf3CrossTheTunnelBothWays(ChildSaTransforms transforms, AgentPair.Offloads offloads)
            throws Exception {
        assumeTrue(ScratchNamespace.isRoot(), "network namespaces need root");
        try (AgentPair pair = AgentPair.start("esplive", transforms, offloads)) {
            TunDevice.Offload expected = offloads == AgentPair.Offloads.ON ? TunDevice.Offload.TCP_SEGMENTATION
                    : TunDevice.Offload.NONE;
            assertThat(pair.leftPlane.tunOffload()).isEqualTo(expected);
            assertThat(pair.sockets()).extracting(EspSocket::offload).containsOnly(
                    offloads == AgentPair.Offloads.ON ? EspSocket.Offload.SEGMENTATION : EspSocket.Offload.NONE);
            ScratchNamespace.Result ping = pair.left.exec(20, "ping", "-c", "3", "-i", "0.2", "-W", "2", "-I",
                    AgentPair.LEFT_INNER, AgentPair.RIGHT_INNER);
            assertThat(ping.exitCode()).as(ping.output()).isZero();
            ScratchNamespace.Result pingBack = pair.right.exec(20, "ping", "-c", "3", "-i", "0.2", "-W", "2", "-I",
                    AgentPair.RIGHT_INNER, AgentPair.LEFT_INNER);
            assertThat(pingBack.exitCode()).as(pingBack.output()).isZero();

            assumeTrue(Files.isExecutable(Path.of("/usr/bin/iperf3")), "iperf3 not installed");
            Process server = new ProcessBuilder("ip", "netns", "exec", pair.right.name(), "iperf3", "-s", "-1", "-B",
                    AgentPair.RIGHT_INNER).redirectErrorStream(true).start();
            try {
                Thread.sleep(500);
                ScratchNamespace.Result up = pair.left.exec(30, "iperf3", "-c", AgentPair.RIGHT_INNER, "-B",
                        AgentPair.LEFT_INNER, "-t", "2", "--bidir");
                assertThat(up.exitCode()).as(up.output()).isZero();
                assertThat(up.output()).contains("receiver");
            } finally {
                server.waitFor(5, TimeUnit.SECONDS);
                server.destroy();
            }
            assertThat(pair.leftTunnel.statistics().packetsReceived()).isPositive();
            assertThat(pair.rightTunnel.statistics().packetsReceived()).isPositive();
            for (EspDataPlane plane : java.util.List.of(pair.leftPlane, pair.rightPlane)) {
                EspDataPlane.Statistics statistics = plane.statistics();
                assertThat(statistics.espDropped()).isZero();
                assertThat(statistics.malformed()).isZero();
                if (offloads == AgentPair.Offloads.ON) {
                    // Both directions carried bulk TCP: super-packets were read, segmented, and coalesced again.
                    assertThat(statistics.superPacketsRead()).isPositive();
                    assertThat(statistics.superPacketsWritten()).isPositive();
                } else {
                    assertThat(statistics.superPacketsRead()).isZero();
                    assertThat(statistics.superPacketsWritten()).isZero();
                }
            }
        }
    }
}
