package io.vpnplane.agent.ike.interop;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.Cidr;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.Identity;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.PreSharedKey;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ike.TunnelStatus;
import io.vpnplane.agent.ike.transport.EspPacketSink;
import io.vpnplane.agent.interop.StrongSwanPeer;
import io.vpnplane.agent.interop.SwanctlConnection;
import io.vpnplane.agent.interop.TestNetwork;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Benchmark, not a test (docs/benchmarks.md, issue #4): IKE_SA + first CHILD_SA establishments per
 * second with our engine as responder versus strongSwan (charon) as responder. The initiator load is
 * identical for both: our own engine in the left namespace, with {@code peers} tunnels from as many
 * source addresses, all initiated at once, waited for, deleted, {@code rounds} times (after three
 * discarded warm-up rounds). Only the time
 * from "initiate all" to "all CHILD_SAs up" counts. Usage:
 * {@code EstablishmentRateComparison [peers] [rounds]}.
 */
public final class EstablishmentRateComparison {

    private static final String PSK = "bench-psk-establish";
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(120);
    private static final int WARM_UP_ROUNDS = 3;

    private EstablishmentRateComparison() {
    }

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("%-12s %-12s %s%n", "DH group", "responder", "establishments/s per round");
        for (DiffieHellmanGroup group : List.of(DiffieHellmanGroup.MODP_2048, DiffieHellmanGroup.CURVE_25519)) {
            IkeSaTransforms ike = IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC,
                    IntegrityAlgorithm.HMAC_SHA2_256_128, group);
            ChildSaTransforms esp = new ChildSaTransforms(EncryptionAlgorithm.AES_128_GCM_16, Optional.empty(),
                    Optional.empty());
            double agent = measure(group, peers, rounds, ike, esp, false);
            double swan = measure(group, peers, rounds, ike, esp, true);
            System.out.printf("%-12s ratio agent/strongSwan (medians) = %.2f%n", group.strongSwanKeyword(), agent / swan);
        }
    }

    /** Median establishments/s over the rounds. */
    private static double measure(DiffieHellmanGroup group, int peers, int rounds, IkeSaTransforms ike,
            ChildSaTransforms esp, boolean strongSwanResponds) throws Exception {
        try (TestNetwork network = TestNetwork.create()) {
            String veth = network.left().run("sh", "-c", "ip -o link show type veth | cut -d: -f2 | cut -d@ -f1")
                    .stdout().strip();
            List<String> initiatorAddresses = IntStream.range(0, peers).mapToObj(i -> "10.9.0." + (10 + i)).toList();
            for (String address : initiatorAddresses) {
                network.left().run("ip", "addr", "add", address + "/24", "dev", veth).requireSuccess();
            }
            List<TunnelConfig> initiators = new ArrayList<>();
            List<TunnelConfig> responders = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                initiators.add(tunnel("i" + i, initiatorAddresses.get(i), network.rightAddress(),
                        "10.100." + i + ".0/24", "172.16.0.0/16", ike, esp, TunnelConfig.StartAction.TRAP));
                responders.add(tunnel("r" + i, network.rightAddress(), initiatorAddresses.get(i),
                        "172.16.0.0/16", "10.100." + i + ".0/24", ike, esp, TunnelConfig.StartAction.RESPOND_ONLY));
            }
            AutoCloseable responder = strongSwanResponds
                    ? strongSwan(network, ike, esp)
                    : network.right().callInside(() -> IkeDaemon.start(responders, EngineSettings.defaults(),
                            ChildSaListener.NONE, EspPacketSink.DISCARD));
            try (IkeDaemon initiator = network.left().callInside(() -> IkeDaemon.start(initiators,
                    EngineSettings.defaults(), ChildSaListener.NONE, EspPacketSink.DISCARD))) {
                List<Double> rates = new ArrayList<>();
                // The first rounds are discarded: the JIT needs a few hundred modPow calls before the
                // BigInteger intrinsics run, and a long-running agent is always warm.
                for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
                    long established = total(initiator);
                    long start = System.nanoTime();
                    initiators.forEach(t -> initiator.initiate(t.id()));
                    await(initiator, s -> total(initiator) >= established + peers, "all CHILD_SAs up");
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (round >= 0) {
                        rates.add(peers / seconds);
                    }
                    initiators.forEach(t -> initiator.terminate(t.id()));
                    await(initiator, s -> s.stream().allMatch(t -> t.ikeSa().isEmpty()), "all IKE SAs deleted");
                }
                System.out.printf("%-12s %-12s %s%n", group.strongSwanKeyword(), strongSwanResponds ? "strongSwan" : "agent",
                        rates.stream().map(r -> String.format("%.0f", r)).toList());
                return rates.stream().sorted().toList().get(rates.size() / 2);
            } finally {
                responder.close();
            }
        }
    }

    private static StrongSwanPeer strongSwan(TestNetwork network, IkeSaTransforms ike, ChildSaTransforms esp)
            throws Exception {
        StrongSwanPeer peer = StrongSwanPeer.start(network.right(), Files.createTempDirectory("swan-establish"));
        // One connection for every initiator: any source in the subnet, any identity, one PSK.
        peer.load(SwanctlConnection.builder("bench").addresses(network.rightAddress(), "10.9.0.0/24")
                .ids(network.rightAddress(), "%any").presharedKey(PSK).ikeProposals(ike).espProposals(esp)
                .child("c1", "0.0.0.0/0", "0.0.0.0/0").build());
        return peer;
    }

    private static long total(IkeDaemon daemon) {
        return daemon.status().stream().mapToLong(s -> s.counters().childSaEstablished()).sum();
    }

    private static void await(IkeDaemon daemon, Predicate<List<TunnelStatus>> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        while (!condition.test(daemon.status())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what + ": " + daemon.status().stream()
                        .filter(s -> s.childSas().isEmpty()).map(s -> s.id() + " " + s.negotiationStatus()
                                + " " + s.lastError().orElse("")).limit(5).toList());
            }
            Thread.sleep(2);
        }
    }

    private static TunnelConfig tunnel(String id, String local, String remote, String localCidr, String remoteCidr,
            IkeSaTransforms ike, ChildSaTransforms esp, TunnelConfig.StartAction start) throws Exception {
        InetAddress localAddress = InetAddress.getByName(local);
        InetAddress remoteAddress = InetAddress.getByName(remote);
        return new TunnelConfig(id, localAddress, remoteAddress, new PreSharedKey(PSK),
                new TunnelConfig.IkeSettings(ike.encryption(), ike.prf(), ike.integrity(), List.of(ike.group()),
                        Duration.ofHours(1), Identity.of(localAddress), Identity.of(remoteAddress)),
                new TunnelConfig.IpsecSettings(esp.encryption(), esp.integrity(), esp.pfsGroup(), Duration.ofHours(1)),
                new TunnelConfig.DpdSettings(false, Duration.ofSeconds(30), Duration.ofSeconds(130)),
                true, false, TunnelConfig.RoutingMode.POLICY, List.of(Cidr.parse(localCidr)),
                List.of(Cidr.parse(remoteCidr)), start);
    }
}
