package io.vpnplane.agent.bgp.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.bgp.BgpSpeaker;
import io.vpnplane.agent.bgp.SpeakerConfig;
import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.BgpEvent;
import io.vpnplane.agent.bgp.session.SessionConfig;
import io.vpnplane.agent.bgp.session.SessionState;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (docs/benchmarks.md, "BGP: receiving full tables"): FRR originates N
 * prefixes; first our speaker, then BIRD 2 receive them from the same FRR in the same run.
 * Each is timed from its session reaching Established to holding all N routes, and from the first UPDATE FRR sent it
 * (captured on the wire) to holding all N routes: the first figure includes FRR's own delay before it sends (coalesce
 * timer and table walk, 1.6–2.3 s at 1M and varying from session to session), the second is the receiver's own work.
 * Run: {@code ./mvnw -pl gateway-agent test -Dtest=FullTableBenchmark -Dbgp.benchmark=100000}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "bgp.benchmark", matches = "\\d+")
class FullTableBenchmark {

    private static final long FRR_AS = 65530;
    private static final long RECEIVER_AS = 45104;

    @Test
    void receiveFullTableFromFrr() throws Exception {
        assumeTrue(Command.isRoot() && FrrBgpd.installed() && Bird.installed(), "needs root, FRR and BIRD 2");
        int prefixes = Integer.parseInt(System.getProperty("bgp.benchmark"));
        try (PeerNamespace frrSide = new PeerNamespace("bgpbench", 3); BirdLink birdLink = new BirdLink(frrSide)) {
            List<String> networks = new ArrayList<>(prefixes);
            for (int i = 0; i < prefixes; i++) {
                networks.add(new Ipv4Prefix(0x14000000 + (i << 8), 24).toString());
            }
            String config = FrrBgpd.config(FRR_AS, frrSide.peerAddress(), frrSide.localAddress(), RECEIVER_AS, 179, networks)
                    .replace(" address-family ipv4 unicast\n",
                            " neighbor " + BirdLink.BIRD_ADDRESS + " remote-as " + RECEIVER_AS + "\n"
                                    + " neighbor " + BirdLink.BIRD_ADDRESS + " timers connect 1\n"
                                    + " address-family ipv4 unicast\n");
            long loadStart = System.nanoTime();
            try (FrrBgpd frr = new FrrBgpd(frrSide, config)) {
                waitFor(Duration.ofMinutes(20), () -> frr.show("show bgp ipv4 unicast summary").path("ribCount").asLong() >= prefixes);
                System.out.printf("FRR originated %d prefixes in %d ms%n", prefixes, millisSince(loadStart));
                long[][] ours = ourSpeaker(frrSide, prefixes);
                long[] bird = bird(birdLink, frrSide, prefixes);
                System.out.printf("RESULT prefixes=%d ourSpeakerColdMs=%d ourSpeakerWarmMs=%d birdMs=%d"
                                + " fromFirstUpdate: ourSpeakerColdMs=%d ourSpeakerWarmMs=%d birdMs=%d%n",
                        prefixes, ours[0][0], ours[1][0], bird[0], ours[0][1], ours[1][1], bird[1]);
            }
        }
    }

    /**
     * Our speaker receives the table twice: cold (fresh JVM code paths) and again after the session is reset, as an
     * agent that has been running does when a peer restarts. Answers {cold, warm}, each {ms after Established, ms after
     * the first UPDATE}.
     */
    private static long[][] ourSpeaker(PeerNamespace frrSide, int prefixes) throws Exception {
        AtomicLong learned = new AtomicLong();
        AtomicLong establishedAt = new AtomicLong();
        AtomicLong completeAt = new AtomicLong();
        AtomicReference<Instant> completeInstant = new AtomicReference<>();
        Inet4Address local = (Inet4Address) InetAddress.getByName(frrSide.localAddress());
        if (Boolean.parseBoolean(System.getProperty("bgp.warmup", "true"))) {
            BgpSpeaker.warmUp(); // as the agent does before its speaker starts; -Dbgp.warmup=false measures a bare JVM
        }
        try (BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.listeningOn(new InetSocketAddress(local, 10181)), event -> {
            switch (event) {
                case BgpEvent.StateChanged s when s.to() == SessionState.ESTABLISHED -> establishedAt.set(System.nanoTime());
                case BgpEvent.RoutesLearned r -> {
                    if (learned.addAndGet(r.routes().size()) == prefixes) {
                        completeAt.set(System.nanoTime());
                        completeInstant.set(Instant.now());
                    }
                }
                default -> { }
            }
        })) {
            SessionConfig session = SessionConfig.builder("bench", RECEIVER_AS, FRR_AS, local,
                            (Inet4Address) InetAddress.getByName(frrSide.peerAddress()))
                    .localAddress(local).maxPrefixes(prefixes).connectRetryTime(Duration.ofSeconds(1)).build();
            long[][] times = new long[2][];
            for (int round = 0; round < 2; round++) {
                learned.set(0);
                completeAt.set(0);
                try (FirstUpdateCapture capture = FirstUpdateCapture.start(frrSide.name(), frrSide.peerAddress(), frrSide.localAddress())) {
                    speaker.addSession(session);
                    waitFor(Duration.ofMinutes(10), () -> completeAt.get() != 0);
                    times[round] = new long[] {(completeAt.get() - establishedAt.get()) / 1_000_000,
                            Duration.between(capture.firstUpdate(), completeInstant.get()).toMillis()};
                }
                System.out.printf("our speaker (%s): %d prefixes %d ms after Established, %d ms after the first UPDATE%n",
                        round == 0 ? "cold" : "warm", prefixes, times[round][0], times[round][1]);
                speaker.removeSession("bench");
            }
            return times;
        }
    }

    /** BIRD's {ms after Established, ms after the first UPDATE}. */
    private static long[] bird(BirdLink link, PeerNamespace frrSide, int prefixes) throws Exception {
        // The interop tests' 3 s hold time would expire while BIRD digests a large table on 2 busy cores; later options win.
        String config = Bird.config(RECEIVER_AS, BirdLink.BIRD_ADDRESS, BirdLink.FRR_ADDRESS, FRR_AS, 179, List.of(), List.of(),
                "hold time 90", "keepalive time 30");
        try (FirstUpdateCapture capture = FirstUpdateCapture.start(frrSide.name(), BirdLink.FRR_ADDRESS, BirdLink.BIRD_ADDRESS);
             Bird bird = new Bird(link.namespace(), config)) {
            long[] establishedAt = new long[1];
            waitFor(Duration.ofMinutes(1), () -> {
                if (bird.established()) {
                    establishedAt[0] = System.nanoTime();
                    return true;
                }
                return false;
            });
            waitFor(Duration.ofMinutes(10), () -> bird.importedCount() >= prefixes);
            long ms = millisSince(establishedAt[0]);
            long fromFirstUpdate = Duration.between(capture.firstUpdate(), Instant.now()).toMillis();
            System.out.printf("BIRD: %d prefixes %d ms after Established, %d ms after the first UPDATE (polled with birdc)%n",
                    prefixes, ms, fromFirstUpdate);
            return new long[] {ms, fromFirstUpdate};
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void waitFor(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("benchmark step did not finish within " + limit);
            }
            Thread.sleep(5);
        }
    }

    /** A second namespace for BIRD, joined directly to FRR's namespace by its own veth pair. */
    private static final class BirdLink implements AutoCloseable {
        static final String FRR_ADDRESS = "10.201.4.1";
        static final String BIRD_ADDRESS = "10.201.4.2";
        private static final String NAME = "bgpbenchb";
        private final PeerNamespace frrSide;
        private final PeerNamespace birdNamespace;

        BirdLink(PeerNamespace frrSide) {
            this.frrSide = frrSide;
            this.birdNamespace = PeerNamespace.bare(NAME);
            Command.runQuietly("ip", "link", "del", NAME + "f");
            Command.run("ip", "link", "add", NAME + "f", "type", "veth", "peer", "name", NAME + "b");
            Command.run("ip", "link", "set", NAME + "f", "netns", frrSide.name());
            Command.run("ip", "link", "set", NAME + "b", "netns", NAME);
            Command.run("ip", "-n", frrSide.name(), "addr", "add", FRR_ADDRESS + "/30", "dev", NAME + "f");
            Command.run("ip", "-n", frrSide.name(), "link", "set", NAME + "f", "up");
            Command.run("ip", "-n", NAME, "addr", "add", BIRD_ADDRESS + "/30", "dev", NAME + "b");
            Command.run("ip", "-n", NAME, "link", "set", NAME + "b", "up");
        }

        PeerNamespace namespace() {
            return birdNamespace;
        }

        @Override
        public void close() {
            birdNamespace.close();
        }
    }
}
