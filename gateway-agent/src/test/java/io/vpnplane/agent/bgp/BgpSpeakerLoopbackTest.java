package io.vpnplane.agent.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.BgpEvent;
import io.vpnplane.agent.bgp.session.SessionConfig;
import io.vpnplane.agent.bgp.session.SessionState;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two speakers over real TCP on loopback: NIO plumbing, timers on the real clock, shutdown. */
class BgpSpeakerLoopbackTest {

    @Test
    void twoSpeakersExchangeRoutesAndAShutdownWithdrawsThem() throws Exception {
        Inet4Address loopback = (Inet4Address) InetAddress.getByName("127.0.0.1");
        List<BgpEvent> passiveEvents = new CopyOnWriteArrayList<>();
        try (BgpSpeaker passive = BgpSpeaker.start(SpeakerConfig.listeningOn(new InetSocketAddress(loopback, 0)), passiveEvents::add)) {
            int port = passive.boundAddresses().getFirst().getPort();
            BgpSpeaker active = BgpSpeaker.start(SpeakerConfig.activeOnly(), e -> { });
            passive.addSession(SessionConfig.builder("p", 65530, 45104, Ipv4Prefix.toInet(0x0a000002), loopback)
                    .passive(true).holdTime(Duration.ofSeconds(3)).build());
            active.addSession(SessionConfig.builder("a", 45104, 65530, Ipv4Prefix.toInet(0x0a000001), loopback)
                    .peerPort(port).holdTime(Duration.ofSeconds(3)).build());
            active.advertise("a", Set.of(Ipv4Prefix.parse("10.0.0.0/16"), Ipv4Prefix.parse("10.1.0.0/16")));
            passive.advertise("p", Set.of(Ipv4Prefix.parse("192.168.0.0/24")));

            Eventually.within(Duration.ofSeconds(10), "routes both ways",
                    () -> passive.learnedRoutes("p").size() == 2 && active.learnedRoutes("a").size() == 1);
            assertThat(passive.sessions().getFirst().state()).isEqualTo(SessionState.ESTABLISHED);
            assertThat(active.learnedRoutes("a").getFirst().attributes().nextHop()).isEqualTo(Ipv4Prefix.parseAddress("127.0.0.1"));
            // Stay up across several keepalive intervals of a 3 s hold time.
            Thread.sleep(4000);
            assertThat(passive.sessions().getFirst().state()).isEqualTo(SessionState.ESTABLISHED);

            active.close();
            Eventually.within(Duration.ofSeconds(5), "withdrawal after shutdown", () -> passive.learnedRoutes("p").isEmpty());
            assertThat(passiveEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BgpEvent.RoutesWithdrawn.class,
                    w -> assertThat(w.prefixes()).hasSize(2)));
            assertThat(passive.sessions().getFirst().lastError()).hasValueSatisfying(m -> assertThat(m).contains("NOTIFICATION 6/2"));
        }
    }

    // a managed node: the speaker accepts on each session's local address, and one that does not exist yet
    // (a tunnel's inside address before the tunnel is set up) is retried instead of failing the speaker
    @Test
    void aSessionIsAcceptedOnItsOwnLocalAddressWhichMayNotExistYet() throws Exception {
        Inet4Address loopback = (Inet4Address) InetAddress.getByName("127.0.0.1");
        Inet4Address otherLoopback = (Inet4Address) InetAddress.getByName("127.0.0.2");
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, loopback)) {
            port = probe.getLocalPort();
        }
        try (BgpSpeaker managed = BgpSpeaker.start(SpeakerConfig.onSessionAddresses(port), e -> { });
             BgpSpeaker peer = BgpSpeaker.start(SpeakerConfig.activeOnly(), e -> { })) {
            managed.addSession(SessionConfig.builder("absent", 45104, 65530, Ipv4Prefix.toInet(0x0a000001),
                            (Inet4Address) InetAddress.getByName("192.0.2.2"))
                    .localAddress((Inet4Address) InetAddress.getByName("192.0.2.1")).connectRetryTime(Duration.ofSeconds(1)).build());
            managed.addSession(SessionConfig.builder("m", 45104, 65530, loopback, otherLoopback).localAddress(loopback)
                    .holdTime(Duration.ofSeconds(3)).build());
            peer.addSession(SessionConfig.builder("p", 65530, 45104, otherLoopback, loopback).localAddress(otherLoopback)
                    .peerPort(port).holdTime(Duration.ofSeconds(3)).build());

            Eventually.within(Duration.ofSeconds(10), "session accepted on its local address",
                    () -> managed.session("m").orElseThrow().state() == SessionState.ESTABLISHED);
            assertThat(managed.boundAddresses()).containsExactly(new InetSocketAddress(loopback, port));
            Thread.sleep(2500); // two bind retries of the absent address
            assertThat(managed.session("absent").orElseThrow().state()).isIn(SessionState.CONNECT, SessionState.ACTIVE);

            managed.removeSession("m");
            assertThat(managed.boundAddresses()).isEmpty();
            assertThat(managed.session("absent")).isPresent();
        }
    }
}
