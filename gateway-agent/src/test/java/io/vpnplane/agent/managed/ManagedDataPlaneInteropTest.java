package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.interop.CommandResult;
import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.NamespacePortForwarder;
import io.vpnplane.agent.interop.StrongSwanPeer;
import io.vpnplane.agent.interop.SwanctlConnection;
import io.vpnplane.agent.interop.TestNetwork;
import io.vpnplane.events.Topics;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.events.agentstatus.AgentStatusEvent;
import io.vpnplane.events.agentstatus.ChildSaEstablished;
import io.vpnplane.events.agentstatus.DpdPeerDead;
import io.vpnplane.events.agentstatus.HealthCheckFailed;
import io.vpnplane.events.agentstatus.HealthCheckRecovered;
import io.vpnplane.events.agentstatus.TunnelConfigApplied;
import io.vpnplane.events.agentstatus.TunnelTornDown;
import io.vpnplane.testkit.ContractEventProducer;
import io.vpnplane.testkit.ContractEventTail;
import io.vpnplane.testkit.KafkaBroker;

/**
 * The managed agent carrying traffic (issue #6): configuration only from {@code vpn.agent-config} on the real broker,
 * observations only on {@code vpn.agent-status}, a real strongSwan (kernel-libipsec) as the peer of two tunnels.
 * While a ping runs through tunnel A, tunnel B is renegotiated with other crypto and then deleted: A loses nothing
 * (REQ-MOD-003, REQ-GW-004). A's health check fails and recovers with its destination (REQ-TUN-011), and killing
 * charon is reported as a DPD death (REQ-TUN-006) — each as an event tunnel-service consumes (REQ-GW-002).
 */
@Tag("interop")
class ManagedDataPlaneInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final IkeSaTransforms IKE_AES128 = IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC,
            IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024);
    private static final IkeSaTransforms IKE_AES256 = IkeSaTransforms.of(EncryptionAlgorithm.AES_256_CBC,
            IntegrityAlgorithm.HMAC_SHA2_256_128, DiffieHellmanGroup.MODP_2048);
    private static final ChildSaTransforms ESP_AES128 = new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC,
            Optional.of(IntegrityAlgorithm.HMAC_SHA1_96), Optional.of(DiffieHellmanGroup.MODP_1024));
    private static final ChildSaTransforms ESP_AES256 = new ChildSaTransforms(EncryptionAlgorithm.AES_256_CBC,
            Optional.of(IntegrityAlgorithm.HMAC_SHA2_256_128), Optional.of(DiffieHellmanGroup.MODP_2048));
    private static final EngineSettings SHORT_TIMERS = new EngineSettings(500, 4500, Duration.ofMillis(500), 1.0, 4,
            Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(30), 50);

    @TempDir
    Path home;

    @Test
    void tunnelsComeAndGoFromKafkaWithoutDisturbingEachOtherAndReportWhatTheySee() throws Exception {
        assumeTrue(HostCommands.runningAsRoot(), "needs root (network namespaces, TUN)");
        assumeTrue(StrongSwanPeer.isInstalled(), "needs strongswan-charon and strongswan-swanctl");
        KafkaBroker broker = KafkaBroker.shared().createContractTopics();
        int kafkaPort = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));
        String node = "gw-dp-" + UUID.randomUUID();
        String tunnelA = "tun-a-" + UUID.randomUUID();
        String tunnelB = "tun-b-" + UUID.randomUUID();
        String psk = "dp-psk-" + UUID.randomUUID();
        try (TestNetwork network = TestNetwork.create();
             NamespacePortForwarder kafka = NamespacePortForwarder.open(network.left(), kafkaPort);
             ContractEventProducer producer = new ContractEventProducer();
             ContractEventTail status = ContractEventTail.open(Topics.AGENT_STATUS)) {
            // tunnel B's peer: a second address of the strongSwan side, second inner addresses on both sides
            network.right().run("ip", "addr", "add", "10.9.0.3/32", "dev", "lo").requireSuccess();
            network.left().run("ip", "route", "add", "10.9.0.3/32", "via", network.rightAddress()).requireSuccess();
            network.left().run("ip", "addr", "add", "192.168.100.2/32", "dev", "lo").requireSuccess();
            network.right().run("ip", "addr", "add", "172.16.10.2/32", "dev", "lo").requireSuccess();
            StrongSwanPeer strongSwan = StrongSwanPeer.start(network.right(), home.resolve("charon"));
            strongSwan.load(
                    peer("ta", network.rightAddress(), network.leftAddress(), psk, "172.16.10.1/32", "192.168.100.1/32"),
                    peer("tb", "10.9.0.3", network.leftAddress(), psk, "172.16.10.2/32", "192.168.100.2/32"));
            ManagedConfig config = new ManagedConfig(node, "zone-a", broker.bootstrapServers(), List.of(network.leftAddress()),
                    10, home.resolve("agent"), Duration.ofSeconds(2), Optional.of("vpn0"));
            ManagedAgent agent = network.left().callInside(() -> ManagedAgent.start(config, SHORT_TIMERS, "test", Clock.systemUTC()));
            try {
                producer.publish("acc-1", tunnelA, desired(tunnelA, "conn-a", node, 1, network.rightAddress(), "192.168.100.1/32",
                        "172.16.10.1/32", "aes", "sha1", "group2", agent.publicKey(), psk, true));
                producer.publish("acc-1", tunnelB, desired(tunnelB, "conn-b", node, 1, "10.9.0.3", "192.168.100.2/32",
                        "172.16.10.2/32", "aes", "sha1", "group2", agent.publicKey(), psk, false));
                awaitObserved(status, ChildSaEstablished.class, tunnelA, strongSwan);
                awaitObserved(status, ChildSaEstablished.class, tunnelB, strongSwan);
                assertThat(network.pingLeftToRightInner(3).exitCode()).isZero();

                // REQ-MOD-003: B is renegotiated with other crypto, then deleted, while A carries a ping
                CompletableFuture<CommandResult> ping = CompletableFuture.supplyAsync(() -> network.left().run(
                        Duration.ofSeconds(30), "ping", "-c", "60", "-i", "0.1", "-W", "1", "-I", network.leftInner(),
                        network.rightInner()));
                Thread.sleep(500);
                producer.publish("acc-1", tunnelB, desired(tunnelB, "conn-b", node, 2, "10.9.0.3", "192.168.100.2/32",
                        "172.16.10.2/32", "aes256", "sha256", "group14", agent.publicKey(), psk, false));
                awaitObserved(status, TunnelConfigApplied.class, tunnelB, e -> ((TunnelConfigApplied) e).configVersion() == 2,
                        strongSwan);
                awaitObserved(status, ChildSaEstablished.class, tunnelB, 2, strongSwan);
                assertThat(strongSwan.listSas()).filteredOn(sa -> sa.connection().equals("tb"))
                        .extracting(sa -> sa.encryptionKeySize()).containsExactly(Optional.of("256"));
                producer.tombstone(Topics.AGENT_CONFIG, tunnelB);
                awaitObserved(status, TunnelTornDown.class, tunnelB, strongSwan);
                CommandResult pinged = ping.get();
                assertThat(pinged.exitCode()).as(pinged.describe()).isZero();
                assertThat(pinged.stdout()).contains(" 0% packet loss");
                assertThat(agent.daemon().status(tunnelB)).isEmpty();

                // REQ-TUN-011: A's health check destination goes away and comes back
                network.right().run("ip", "addr", "del", network.rightInner() + "/32", "dev", "lo").requireSuccess();
                HealthCheckFailed failed = (HealthCheckFailed) awaitObserved(status, HealthCheckFailed.class, tunnelA, strongSwan);
                assertThat(failed.destinationIp()).isEqualTo(network.rightInner());
                assertThat(failed.switchRoute()).isTrue();
                network.right().run("ip", "addr", "add", network.rightInner() + "/32", "dev", "lo").requireSuccess();
                awaitObserved(status, HealthCheckRecovered.class, tunnelA, strongSwan);

                // REQ-TUN-006: charon dies without a word; DPD (2 s / 4 s) reports the peer dead
                for (long pid : network.right().pids()) {
                    HostCommands.run("kill", "-9", Long.toString(pid));
                }
                awaitObserved(status, DpdPeerDead.class, tunnelA, strongSwan);
            } finally {
                agent.close();
                strongSwan.close();
            }
        }
    }

    private static SwanctlConnection peer(String name, String local, String remote, String psk, String localTs, String remoteTs) {
        return SwanctlConnection.builder(name).addresses(local, remote).presharedKey(psk)
                .ikeProposals(IKE_AES128, IKE_AES256).espProposals(ESP_AES128, ESP_AES256)
                .child(name + "-c", localTs, remoteTs).build();
    }

    private static TunnelConfigDesired desired(String tunnelId, String connectionId, String node, long version, String peer,
                                               String local, String remote, String encryption, String integrity, String group,
                                               String nodeKey, String psk, boolean healthCheck) {
        return new TunnelConfigDesired(tunnelId, connectionId, "acc-1", version, node, "zone-a", "10.9.0.1", peer, "start",
                new TunnelConfigDesired.Ike("ikev2", "main", encryption, integrity, group, 28800, "10.9.0.1", peer),
                new TunnelConfigDesired.Ipsec(encryption, integrity, group, 3600),
                new TunnelConfigDesired.Dpd(true, "restart", 2, 4), true,
                new TunnelConfigDesired.TrafficSelectors(List.of(local), List.of(remote)), Optional.empty(),
                new TunnelConfigDesired.HealthCheck(healthCheck, healthCheck ? Optional.of("172.16.10.1") : Optional.empty(),
                        healthCheck ? Optional.of("192.168.100.1") : Optional.empty(), 1, 2, true),
                TestSealing.seal(nodeKey, tunnelId, psk));
    }

    private static AgentStatusEvent awaitObserved(ContractEventTail status, Class<? extends AgentStatusEvent> type, String tunnelId,
                                                  StrongSwanPeer strongSwan) {
        return awaitObserved(status, type, tunnelId, 1, strongSwan);
    }

    private static AgentStatusEvent awaitObserved(ContractEventTail status, Class<? extends AgentStatusEvent> type, String tunnelId,
                                                  int count, StrongSwanPeer strongSwan) {
        return awaitObserved(status, type, tunnelId, e -> true, count, strongSwan);
    }

    private static AgentStatusEvent awaitObserved(ContractEventTail status, Class<? extends AgentStatusEvent> type, String tunnelId,
                                                  Predicate<AgentStatusEvent> condition, StrongSwanPeer strongSwan) {
        return awaitObserved(status, type, tunnelId, condition, 1, strongSwan);
    }

    private static AgentStatusEvent awaitObserved(ContractEventTail status, Class<? extends AgentStatusEvent> type, String tunnelId,
                                                  Predicate<AgentStatusEvent> condition, int count, StrongSwanPeer strongSwan) {
        List<ContractEventTail.Received> seen = status.await(r -> type.isInstance(r.data())
                && ((AgentStatusEvent) r.data()).tunnelId().equals(tunnelId) && condition.test((AgentStatusEvent) r.data()), count, WAIT);
        assertThat(seen).as(() -> type.getSimpleName() + " x" + count + " for " + tunnelId + " not observed; charon log:\n"
                + strongSwan.log()).hasSizeGreaterThanOrEqualTo(count);
        return (AgentStatusEvent) seen.get(count - 1).data();
    }
}
