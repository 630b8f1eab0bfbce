package io.vpnplane.agent.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.dataplane.Tunnel;
import io.vpnplane.agent.healthcheck.HealthCheckStatus;
import io.vpnplane.agent.interop.CommandResult;
import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.StrongSwanPeer;
import io.vpnplane.agent.interop.SwanctlConnection;
import io.vpnplane.agent.interop.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone agent started from a config file, as {@code AgentMain --config} does, carries traffic:
 * inside the left namespace it creates its TUN device from the file's {@code dataPlane} section,
 * negotiates with strongSwan (right namespace) and pings go through both ways. REQ-GW-001.
 */
@Tag("interop")
class StandaloneAgentLiveTest {

    private static final String PSK = "fddsFF123abc";

    @TempDir
    Path home;

    @Test
    void agentStartedFromConfigFileCarriesTrafficToStrongSwan() throws Exception {
        assumeTrue(HostCommands.runningAsRoot(), "needs root (network namespaces, TUN)");
        assumeTrue(StrongSwanPeer.isInstalled(), "needs strongswan-charon and strongswan-swanctl");
        try (TestNetwork network = TestNetwork.create()) {
            StrongSwanPeer strongSwan = StrongSwanPeer.start(network.right(), home.resolve("swan"));
            try {
                strongSwan.load(SwanctlConnection.builder("t1")
                        .addresses(network.rightAddress(), network.leftAddress())
                        .presharedKey(PSK)
                        .ikeProposals(IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC,
                                IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024))
                        .espProposals(new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC,
                                Optional.of(IntegrityAlgorithm.HMAC_SHA1_96), Optional.of(DiffieHellmanGroup.MODP_1024)))
                        .child("c1", network.rightInner() + "/32", network.leftInner() + "/32")
                        .build());
                Path config = home.resolve("agent.yaml");
                Files.writeString(config, """
                        dataPlane:
                          enabled: true
                          tunName: vpl0
                        tunnels:
                          - id: t1
                            localAddress: %s
                            remoteAddress: %s
                            psk: "%s"
                            routingMode: policy
                            localCidrs: [%s/32]
                            remoteCidrs: [%s/32]
                            ike: { encryption: aes, authentication: sha1, dhGroup: group2 }
                            ipsec: { encryption: aes, authentication: sha1, dhGroup: group2 }
                            healthCheck: { sourceIp: %s, destinationIp: %s, intervalMillis: 200, retries: 3 }
                        """.formatted(network.leftAddress(), network.rightAddress(), PSK, network.leftInner(),
                        network.rightInner(), network.leftInner(), network.rightInner()));

                StandaloneAgent agent = network.left().callInside(
                        () -> StandaloneAgent.start(StandaloneConfig.read(config)));
                try {
                    assertThat(agent.dataPlane()).isPresent();
                    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
                    while (agent.dataPlane().orElseThrow().installer().tunnel("t1").flatMap(Tunnel::outbound).isEmpty()) {
                        assertThat(Instant.now()).as(strongSwan.log()).isBefore(deadline);
                        Thread.sleep(50);
                    }
                    CommandResult ping = network.pingLeftToRightInner(3);
                    assertThat(ping.exitCode()).as(ping.describe() + strongSwan.log()).isZero();
                    CommandResult pingBack = network.pingRightToLeftInner(3);
                    assertThat(pingBack.exitCode()).as(pingBack.describe()).isZero();
                    assertThat(network.left().run("ip", "link", "show", "vpl0").exitCode()).isZero();

                    // REQ-TUN-011: the configured health check probes through the tunnel and sees answers.
                    Instant healthDeadline = Instant.now().plus(Duration.ofSeconds(5));
                    while (!agent.healthCheck("t1").orElseThrow().state().equals("HEALTHY")) {
                        assertThat(Instant.now()).as(agent.healthCheck("t1").toString()).isBefore(healthDeadline);
                        Thread.sleep(50);
                    }
                    HealthCheckStatus health = agent.healthCheck("t1").orElseThrow();
                    assertThat(health.repliesReceived()).isPositive();
                    assertThat(health.destinationIp()).isEqualTo(network.rightInner());
                    assertThat(health.switchRoute()).isTrue();
                } finally {
                    agent.close();
                }
            } finally {
                strongSwan.close();
            }
        }
    }
}
