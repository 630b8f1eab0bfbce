package io.vpnplane.agent.dataplane.interop;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.dataplane.AgentPair;
import io.vpnplane.agent.dataplane.EspSocket;
import io.vpnplane.agent.dataplane.TunDevice;
import io.vpnplane.agent.interop.CommandResult;
import io.vpnplane.agent.interop.StrongSwanPeer;
import io.vpnplane.agent.interop.SwanctlConnection;
import io.vpnplane.agent.interop.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark, not a test (docs/benchmarks.md): iperf3 TCP throughput through agent↔agent tunnels
 * (our TUN + userspace ESP data plane, once plain and once with TUN/UDP offloads) and through strongSwan↔strongSwan tunnels (charon with
 * kernel-libipsec, the only strongSwan ESP this kernel allows), same namespaces and addressing, one
 * after the other in one run. Usage: {@code ThroughputComparison [seconds] [repetitions] [breakdown]};
 * {@code breakdown} adds agent rows with only the TUN or only the UDP offloads on.
 */
public final class ThroughputComparison {

    private static final Pattern RECEIVED = Pattern.compile(
            "\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");
    private static final IkeSaTransforms IKE = IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC,
            IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024);

    /** Which of the agent's offloads are on. */
    private enum AgentMode {
        PLAIN("plain", TunDevice.Offload.NONE, EspSocket.Offload.NONE),
        TUN_ONLY("TUN TSO/GRO only", TunDevice.Offload.TCP_SEGMENTATION, EspSocket.Offload.NONE),
        UDP_ONLY("UDP GSO/GRO only", TunDevice.Offload.NONE, EspSocket.Offload.SEGMENTATION),
        OFFLOAD("offload", TunDevice.Offload.TCP_SEGMENTATION, EspSocket.Offload.SEGMENTATION);

        private final String label;
        private final TunDevice.Offload tun;
        private final EspSocket.Offload udp;

        AgentMode(String label, TunDevice.Offload tun, EspSocket.Offload udp) {
            this.label = label;
            this.tun = tun;
            this.udp = udp;
        }

        String label() {
            return label;
        }

        TunDevice.Offload tun() {
            return tun;
        }

        EspSocket.Offload udp() {
            return udp;
        }
    }

    private ThroughputComparison() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<AgentMode> modes = args.length > 2 && args[2].equals("breakdown")
                ? List.of(AgentMode.PLAIN, AgentMode.TUN_ONLY, AgentMode.UDP_ONLY, AgentMode.OFFLOAD)
                : List.of(AgentMode.PLAIN, AgentMode.OFFLOAD);
        List<ChildSaTransforms> suites = List.of(
                new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC, Optional.of(IntegrityAlgorithm.HMAC_SHA1_96),
                        Optional.empty()),
                new ChildSaTransforms(EncryptionAlgorithm.AES_128_GCM_16, Optional.empty(), Optional.empty()));
        System.out.printf("%-16s %-32s %s%n", "ESP", "pair", "iperf3 Mbit/s (receiver), each run");
        for (ChildSaTransforms suite : suites) {
            for (AgentMode mode : modes) {
                StringBuilder agent = new StringBuilder();
                try (AgentPair pair = AgentPair.start("bench", suite, mode.tun(), mode.udp())) {
                    if (pair.leftPlane.tunOffload() != mode.tun()) {
                        throw new IllegalStateException("the kernel refused the TUN offloads");
                    }
                    // Discarded warm-up run: lets the JIT compile the packet path before measuring.
                    iperf(pair.left.name(), pair.right.name(), AgentPair.LEFT_INNER, AgentPair.RIGHT_INNER, 3);
                    for (int i = 0; i < repetitions; i++) {
                        agent.append(String.format(" %.0f", iperf(pair.left.name(), pair.right.name(),
                                AgentPair.LEFT_INNER, AgentPair.RIGHT_INNER, seconds)));
                    }
                }
                System.out.printf("%-16s %-32s%s%n", suite.strongSwanProposal(), "agent<->agent " + mode.label(), agent);
            }
            StringBuilder swan = new StringBuilder();
            try (TestNetwork network = TestNetwork.create()) {
                Path dir = Files.createTempDirectory("swan-bench");
                StrongSwanPeer left = StrongSwanPeer.start(network.left(), dir.resolve("left"));
                StrongSwanPeer right = StrongSwanPeer.start(network.right(), dir.resolve("right"));
                try {
                    left.load(connection(network.leftAddress(), network.rightAddress(), network.leftInner(),
                            network.rightInner(), suite));
                    right.load(connection(network.rightAddress(), network.leftAddress(), network.rightInner(),
                            network.leftInner(), suite));
                    CommandResult up = left.initiate("c1", Duration.ofSeconds(10));
                    if (!up.succeeded()) {
                        throw new IllegalStateException("strongSwan pair did not come up: " + up.describe());
                    }
                    iperf(network.left().name(), network.right().name(), network.leftInner(), network.rightInner(), 3);
                    for (int i = 0; i < repetitions; i++) {
                        swan.append(String.format(" %.0f", iperf(network.left().name(), network.right().name(),
                                network.leftInner(), network.rightInner(), seconds)));
                    }
                } finally {
                    left.close();
                    right.close();
                }
            }
            System.out.printf("%-16s %-32s%s%n", suite.strongSwanProposal(), "strongSwan<->strongSwan", swan);
        }
    }

    private static SwanctlConnection connection(String local, String remote, String localInner, String remoteInner,
            ChildSaTransforms esp) {
        return SwanctlConnection.builder("t1").addresses(local, remote).presharedKey("bench-psk-123")
                .ikeProposals(IKE).espProposals(esp).child("c1", localInner + "/32", remoteInner + "/32").build();
    }

    /** One iperf3 TCP run from left to right; the receiver's rate in Mbit/s. */
    private static double iperf(String leftNs, String rightNs, String leftInner, String rightInner, int seconds)
            throws Exception {
        Process server = new ProcessBuilder("ip", "netns", "exec", rightNs, "iperf3", "-s", "-1", "-B", rightInner)
                .redirectErrorStream(true).start();
        try {
            Thread.sleep(500);
            Process client = new ProcessBuilder("ip", "netns", "exec", leftNs, "iperf3", "-J", "-c", rightInner, "-B",
                    leftInner, "-t", Integer.toString(seconds)).redirectErrorStream(true).start();
            String json = new String(client.getInputStream().readAllBytes());
            client.waitFor(seconds + 30L, TimeUnit.SECONDS);
            Matcher m = RECEIVED.matcher(json);
            if (!m.find()) {
                throw new IllegalStateException("no iperf3 result: " + json);
            }
            return Double.parseDouble(m.group(1)) / 1e6;
        } finally {
            server.waitFor(5, TimeUnit.SECONDS);
            server.destroy();
        }
    }

}
