package io.vpnplane.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.transport.EspPacketSink;
import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.NamespacePortForwarder;
import io.vpnplane.agent.interop.NetworkNamespace;
import io.vpnplane.agent.managed.TestSealing;
import io.vpnplane.agent.standalone.StandaloneConfig;
import io.vpnplane.events.Topics;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.events.agentstatus.ChildSaEstablished;
import io.vpnplane.events.agentstatus.DpdPeerDead;
import io.vpnplane.events.node.GatewayNodeHeartbeat;
import io.vpnplane.testkit.ContractEventProducer;
import io.vpnplane.testkit.ContractEventTail;
import io.vpnplane.testkit.KafkaBroker;

/**
 * Benchmark, not a test (issue #6, docs/benchmarks.md): how many tunnels one managed agent holds with DPD running, and
 * what each costs in memory. One agent JVM (managed mode, data plane on, its own namespace) gets {@code tunnels}
 * desired configurations on {@code vpn.agent-config} as tunnel-service would write them; the peer is our own IKE
 * daemon in the site namespace with one address per tunnel (the engine tells tunnels apart by address pair). The agent
 * initiates all of them; the benchmark counts CHILD_SAs established on {@code vpn.agent-status}, then lets DPD run
 * (10 s interval, so every tunnel is checked several times) and counts deaths. Memory: the agent's heap after a full GC
 * and its RSS, before and after. Usage (root): {@code AgentCapacityBenchmark [tunnels] [dpdSeconds]}.
 */
public final class AgentCapacityBenchmark {

    private static final String PSK = "capacity-bench-psk";

    private AgentCapacityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tunnels = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int dpdSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        KafkaBroker broker = KafkaBroker.shared().createContractTopics();
        int kafkaPort = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));
        Path state = Files.createTempDirectory("vpnplane-capacity");
        String nodeId = "cap-node-" + UUID.randomUUID();
        try (GatewayFabric fabric = GatewayFabric.create();
             ContractEventTail heartbeats = ContractEventTail.open(Topics.AGENT_HEARTBEATS);
             ContractEventTail status = ContractEventTail.open(Topics.AGENT_STATUS);
             ContractEventProducer producer = new ContractEventProducer()) {
            NetworkNamespace node = fabric.addNode();
            NetworkNamespace site = fabric.site();
            List<String> peers = peerAddresses(tunnels);
            addAddresses(site, peers);
            node.run("ip", "route", "add", "10.60.0.0/16", "via", GatewayFabric.SITE_ADDRESS).requireSuccess();
            IkeDaemon peer = site.callInside(() -> IkeDaemon.start(peerTunnels(peers), EngineSettings.defaults(),
                    ChildSaListener.NONE, EspPacketSink.DISCARD));
            try (NamespacePortForwarder kafka = NamespacePortForwarder.open(node, kafkaPort);
                 ServiceProcess agent = ServiceProcess.start("capacity-agent", "gateway-agent", 18090, Map.of(), Map.of(
                         "vpnplane.agent.managed.node-id", nodeId,
                         "vpnplane.agent.managed.kafka-bootstrap-servers", broker.bootstrapServers(),
                         "vpnplane.agent.managed.gateway-addresses", GatewayFabric.nodeAddress(0),
                         "vpnplane.agent.managed.capacity", Integer.toString(tunnels),
                         "vpnplane.agent.managed.state-dir", state.resolve("agent").toString(),
                         "vpnplane.agent.managed.data-plane", "on",
                         "quarkus.log.level", "WARN"), Optional.of(node), "-Xmx1g")) {
                GatewayNodeHeartbeat heartbeat = (GatewayNodeHeartbeat) heartbeats.await(r -> r.data() instanceof GatewayNodeHeartbeat h
                        && h.nodeId().equals(nodeId), 1, Duration.ofSeconds(90)).getFirst().data();
                long pid = agent.pid();
                Thread.sleep(3000);
                Memory before = Memory.of(pid);
                Instant start = Instant.now();
                for (int i = 0; i < tunnels; i++) {
                    String tunnelId = "cap-" + i;
                    producer.publish("acc-cap", tunnelId, desired(tunnelId, nodeId, peers.get(i), heartbeat.publicKey()));
                }
                Instant published = Instant.now();
                List<ContractEventTail.Received> up = status.await(r -> r.data() instanceof ChildSaEstablished e
                        && e.nodeId().equals(nodeId), tunnels, Duration.ofMinutes(10));
                Instant allUp = Instant.now();
                System.out.printf("tunnels: %d desired configs published in %d ms; CHILD_SAs established: %d after %d ms (%.0f/s)%n",
                        tunnels, Duration.between(start, published).toMillis(), up.size(),
                        Duration.between(start, allUp).toMillis(), up.size() * 1000.0 / Duration.between(start, allUp).toMillis());
                Thread.sleep(Duration.ofSeconds(dpdSeconds));
                long deaths = status.settle(r -> r.data() instanceof DpdPeerDead d && d.nodeId().equals(nodeId), Duration.ofSeconds(1)).size();
                long peerUp = peer.status().stream().filter(s -> !s.childSas().isEmpty()).count();
                Memory after = Memory.of(pid);
                System.out.printf("after %d s of DPD (10 s interval): DPD deaths %d, tunnels up at the peer %d%n", dpdSeconds, deaths, peerUp);
                System.out.printf("agent heap after full GC: %.1f MiB -> %.1f MiB (%.1f KiB per tunnel); RSS %.1f MiB -> %.1f MiB (%.1f KiB per tunnel)%n",
                        before.heapBytes / 1048576.0, after.heapBytes / 1048576.0, (after.heapBytes - before.heapBytes) / 1024.0 / tunnels,
                        before.rssBytes / 1048576.0, after.rssBytes / 1048576.0, (after.rssBytes - before.rssBytes) / 1024.0 / tunnels);
            } finally {
                peer.close();
            }
        }
    }

    /** Heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}) and RSS of a JVM. */
    private record Memory(long heapBytes, long rssBytes) {
        static Memory of(long pid) throws IOException {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            HostCommands.run(Duration.ofSeconds(60), Map.of(), List.of(jcmd, Long.toString(pid), "GC.run")).requireSuccess();
            String info = HostCommands.run(Duration.ofSeconds(60), Map.of(), List.of(jcmd, Long.toString(pid), "GC.heap_info"))
                    .requireSuccess().stdout();
            // the agent runs the serial collector: the heap is its young and old ("tenured") generations
            long heap = info.lines().filter(line -> line.startsWith("DefNew") || line.startsWith("Tenured"))
                    .map(line -> java.util.regex.Pattern.compile("used (\\d+)K").matcher(line))
                    .filter(java.util.regex.Matcher::find).mapToLong(m -> Long.parseLong(m.group(1)) * 1024).sum();
            long rss = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:")).map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
                    .findFirst().orElse(0L);
            return new Memory(heap, rss);
        }
    }

    private static List<String> peerAddresses(int count) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add("10.60." + (i / 250) + "." + (1 + i % 250));
        }
        return addresses;
    }

    private static void addAddresses(NetworkNamespace site, List<String> addresses) throws IOException {
        Path batch = Files.createTempFile("peer-addresses", ".ip");
        Files.write(batch, addresses.stream().map(a -> "address add " + a + "/32 dev lo").toList());
        site.run(Duration.ofMinutes(2), "ip", "-batch", batch.toString()).requireSuccess();
    }

    private static List<io.vpnplane.agent.ike.TunnelConfig> peerTunnels(List<String> peers) throws Exception {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("tunnels");
        for (int i = 0; i < peers.size(); i++) {
            ObjectNode tunnel = list.addObject().put("id", "peer-" + i).put("localAddress", peers.get(i))
                    .put("remoteAddress", GatewayFabric.nodeAddress(0)).put("psk", PSK).put("initiatorMode", "response-only");
            tunnel.putObject("dpd").put("enabled", true).put("intervalSeconds", 10).put("timeoutSeconds", 30);
        }
        return StandaloneConfig.parse(root).tunnels();
    }

    private static TunnelConfigDesired desired(String tunnelId, String nodeId, String peer, String nodeKey) {
        String gateway = GatewayFabric.nodeAddress(0);
        return new TunnelConfigDesired(tunnelId, "conn-" + tunnelId, "acc-cap", 1, nodeId, "zone-a", gateway, peer, "start",
                new TunnelConfigDesired.Ike("ikev2", "main", "aes", "sha1", "group2", 86400, gateway, peer),
                new TunnelConfigDesired.Ipsec("aes", "sha1", "group2", 3600),
                new TunnelConfigDesired.Dpd(true, "restart", 10, 30), true,
                new TunnelConfigDesired.TrafficSelectors(List.of("0.0.0.0/0"), List.of("0.0.0.0/0")), Optional.empty(),
                new TunnelConfigDesired.HealthCheck(false, Optional.empty(), Optional.empty(), 10, 3, false),
                TestSealing.seal(nodeKey, tunnelId, PSK));
    }
}
