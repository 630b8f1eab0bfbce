package io.vpnplane.agent.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vpnplane.agent.bgp.BgpSpeaker;
import io.vpnplane.agent.bgp.Eventually;
import io.vpnplane.agent.bgp.session.SessionState;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.managed.ManagedAgent;
import io.vpnplane.agent.managed.ManagedConfig;
import io.vpnplane.events.Topics;
import io.vpnplane.events.bgp.BgpFsmState;
import io.vpnplane.events.bgp.BgpPath;
import io.vpnplane.events.bgp.BgpPathKind;
import io.vpnplane.events.bgp.BgpRoutesLearned;
import io.vpnplane.events.bgp.BgpRoutesWithdrawn;
import io.vpnplane.events.bgp.BgpSessionConfigured;
import io.vpnplane.events.bgp.BgpSessionRemoved;
import io.vpnplane.events.bgp.BgpSessionStateObserved;
import io.vpnplane.testkit.ContractEventProducer;
import io.vpnplane.testkit.ContractEventTail;
import io.vpnplane.testkit.ContractEventTail.Received;
import io.vpnplane.testkit.KafkaBroker;

/**
 * A managed agent runs the leased-line session bgp-service assigns to its node, from Kafka, against FRR bgpd in a
 * network namespace over a veth link (the VBR of seed 002, REQ-AS-001): the session's local address does not exist
 * when the configuration arrives (as a tunnel's inside address before the tunnel is up) and the session comes up once
 * it does; FRR's prefixes arrive as {@code BgpRoutesLearned} on {@code vpn.bgp}; the configured prefixes are announced
 * to FRR (REQ-CONN-010) and a new set reaches it without a session reset; FRR's withdrawal is reported; removing the
 * session closes it and reports everything it learned as withdrawn (REQ-AS-003). A session for another node is never
 * run.
 */
@Tag("interop")
class ManagedBgpSessionsInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final long CLOUD_AS = 45104;
    private static final long DATA_CENTER_AS = 65530;
    private static final List<String> DATA_CENTER_PREFIXES = List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24");

    private static PeerNamespace namespace;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void namespace() {
        assumeTrue(Command.isRoot(), "network namespaces need root");
        assumeTrue(FrrBgpd.installed(), "FRR bgpd is not installed");
        namespace = new PeerNamespace("bgamgd", 29);
    }

    @AfterAll
    static void removeNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void theSessionBgpServiceAssignsRunsAgainstFrrAndIsReportedOnVpnBgp() throws Exception {
        KafkaBroker broker = KafkaBroker.shared().createContractTopics();
        String node = "gw-bga-" + UUID.randomUUID();
        String session = "bgp-ll-" + UUID.randomUUID();
        String foreign = "bgp-ll-" + UUID.randomUUID();
        String local = namespace.localAddress();
        String peer = namespace.peerAddress();
        // the local address appears only later, like a tunnel's inside address on the TUN device
        Command.run("ip", "addr", "del", local + "/30", "dev", namespace.name() + "h");

        EngineSettings engine = EngineSettings.defaults().withPorts(freePort(), freePort());
        ManagedConfig config = new ManagedConfig(node, "zone-a", broker.bootstrapServers(), List.of("127.0.0.1"), 10, stateDir,
                Duration.ofSeconds(2));
        ManagedAgent agent = null;
        try (FrrBgpd frr = new FrrBgpd(namespace, FrrBgpd.config(DATA_CENTER_AS, peer, local, CLOUD_AS, 179, DATA_CENTER_PREFIXES));
             ContractEventTail tail = ContractEventTail.open(Topics.BGP);
             ContractEventProducer producer = new ContractEventProducer()) {
            agent = ManagedAgent.start(config, engine, "0.1.0", Clock.systemUTC());
            BgpSpeaker speaker = agent.bgp().speaker();
            producer.publish("acc-bga", foreign, configured(foreign, "gw-bga-other", List.of("10.9.0.0/16")));
            producer.publish("acc-bga", session, configured(session, node, List.of("10.0.0.0/16")));

            Eventually.within(WAIT, "the session is added to the speaker", () -> speaker.session(session).isPresent());
            List<Received> trying = tail.await(state(session, BgpFsmState.CONNECT).or(state(session, BgpFsmState.ACTIVE)), 1, WAIT);
            assertThat(trying).isNotEmpty();
            assertThat(trying.getFirst().envelope().account()).contains("acc-bga");
            Thread.sleep(2000);
            assertThat(speaker.session(session).orElseThrow().state()).isIn(SessionState.CONNECT, SessionState.ACTIVE);

            Command.run("ip", "addr", "add", local + "/30", "dev", namespace.name() + "h");
            long addressAdded = System.nanoTime();
            List<Received> established = tail.await(state(session, BgpFsmState.ESTABLISHED), 1, WAIT);
            assertThat(established).as("ESTABLISHED on vpn.bgp").hasSize(1);
            Duration upAfterAddress = Duration.ofNanos(System.nanoTime() - addressAdded);
            assertThat(((BgpSessionStateObserved) established.getFirst().data()).peerRouterId()).contains(peer);
            assertThat(((BgpSessionStateObserved) established.getFirst().data()).nodeId()).isEqualTo(node);

            Eventually.within(WAIT, "FRR's prefixes on vpn.bgp", () -> learnedPrefixes(tail, session).containsAll(DATA_CENTER_PREFIXES));
            BgpPath path = learned(tail, session).getFirst();
            assertThat(path.nextHop()).isEqualTo(peer);
            assertThat(path.asPath()).containsExactly(DATA_CENTER_AS);
            Eventually.within(WAIT, "FRR learns the advertised prefix", () -> frr.hasRoute("10.0.0.0/16"));
            assertThat(frr.asPathOf("10.0.0.0/16")).isEqualTo(String.valueOf(CLOUD_AS));
            assertThat(frr.show("show ip bgp").path("routes").has("10.0.0.0/16")).isTrue();

            // REQ-CONN-010: a new advertised set reaches FRR without resetting the session
            producer.publish("acc-bga", session, configured(session, node, List.of("10.0.0.0/16", "10.1.0.0/16")));
            Eventually.within(WAIT, "FRR learns the added prefix", () -> frr.hasRoute("10.1.0.0/16"));

            assertThat(tail.settle(state(session, BgpFsmState.IDLE), Duration.ZERO)).as("no reset by re-advertising").isEmpty();

            // a stopping agent closes its sessions: everything they learned is reported withdrawn (REQ-AS-003)
            agent.close();
            agent = null;
            tail.await(state(session, BgpFsmState.IDLE), 1, WAIT);
            assertThat(withdrawnPrefixes(tail, session)).containsExactlyInAnyOrderElementsOf(DATA_CENTER_PREFIXES);
            Eventually.within(WAIT, "FRR sees the agent gone", () -> !frr.hasRoute("10.1.0.0/16"));

            // a restarted agent rebuilds its sessions from vpn.bgp read from the beginning, with the latest prefixes
            int learnedBefore = learned(tail, session).size();
            agent = ManagedAgent.start(config, engine, "0.1.0", Clock.systemUTC());
            BgpSpeaker restarted = agent.bgp().speaker();
            assertThat(tail.await(state(session, BgpFsmState.ESTABLISHED), 2, WAIT)).as("ESTABLISHED again").hasSize(2);
            Eventually.within(WAIT, "FRR's prefixes on vpn.bgp again",
                    () -> after(learnedPrefixes(tail, session), learnedBefore).containsAll(DATA_CENTER_PREFIXES));
            Eventually.within(WAIT, "FRR learns both prefixes again", () -> frr.hasRoute("10.0.0.0/16") && frr.hasRoute("10.1.0.0/16"));
            int idleBefore = tail.settle(state(session, BgpFsmState.IDLE), Duration.ZERO).size();

            int withdrawnBeforeFrr = withdrawnPrefixes(tail, session).size();
            frr.configure(DATA_CENTER_AS, "address-family ipv4 unicast", "no network 192.168.2.0/24");
            Eventually.within(WAIT, "FRR's withdrawal on vpn.bgp",
                    () -> after(withdrawnPrefixes(tail, session), withdrawnBeforeFrr).equals(List.of("192.168.2.0/24")));
            assertThat(restarted.session(foreign)).as("another node's session").isEmpty();

            List<String> withdrawnBefore = withdrawnPrefixes(tail, session);
            producer.publish("acc-bga", session, new BgpSessionRemoved(session, "vpn-bga", "deleted"));
            assertThat(tail.await(state(session, BgpFsmState.IDLE), idleBefore + 1, WAIT)).hasSize(idleBefore + 1);
            List<String> withdrawnAtRemoval = withdrawnPrefixes(tail, session);
            assertThat(after(withdrawnAtRemoval, withdrawnBefore.size())).containsExactlyInAnyOrder("192.168.0.0/24", "192.168.1.0/24");
            assertThat(restarted.session(session)).isEmpty();
            Eventually.within(WAIT, "FRR sees the session closed and our prefixes gone",
                    () -> !frr.neighbourState(local).equals("Established") && !frr.hasRoute("10.0.0.0/16"));
            System.out.printf("BGP session up %d ms after its local address appeared (connect retry %s)%n",
                    upAfterAddress.toMillis(), "10 s");
        } finally {
            if (agent != null) {
                agent.close();
            }
        }
    }

    private static BgpSessionConfigured configured(String sessionId, String node, List<String> advertised) {
        return new BgpSessionConfigured(sessionId, "acc-bga", "vpn-bga", BgpPathKind.LEASED_LINE, CLOUD_AS, DATA_CENTER_AS,
                namespace.localAddress(), namespace.peerAddress(), Optional.of(node), Optional.empty(), Optional.empty(), advertised);
    }

    private static Predicate<Received> state(String session, BgpFsmState state) {
        return r -> r.data() instanceof BgpSessionStateObserved s && s.sessionId().equals(session) && s.state() == state;
    }

    private static List<BgpPath> learned(ContractEventTail tail, String session) {
        return tail.settle(r -> r.data() instanceof BgpRoutesLearned l && l.sessionId().equals(session), Duration.ofMillis(100)).stream()
                .flatMap(r -> ((BgpRoutesLearned) r.data()).paths().stream()).toList();
    }

    private static List<String> learnedPrefixes(ContractEventTail tail, String session) {
        return learned(tail, session).stream().map(BgpPath::prefix).toList();
    }

    private static List<String> withdrawnPrefixes(ContractEventTail tail, String session) {
        return tail.settle(r -> r.data() instanceof BgpRoutesWithdrawn w && w.sessionId().equals(session), Duration.ofMillis(100))
                .stream().flatMap(r -> ((BgpRoutesWithdrawn) r.data()).prefixes().stream()).toList();
    }

    private static List<String> after(List<String> all, int index) {
        return all.subList(Math.min(index, all.size()), all.size());
    }

    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            return socket.getLocalPort();
        }
    }
}
