package io.vpnplane.agent.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.bgp.BgpSpeaker;
import io.vpnplane.agent.bgp.Eventually;
import io.vpnplane.agent.bgp.SpeakerConfig;
import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.SessionConfig;
import io.vpnplane.agent.bgp.session.SessionState;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A raw-socket peer sends malformed UPDATEs: RFC 7606 errors are treated as withdrawals with
 * the session kept, a broken message structure gets the right NOTIFICATION, and neither the
 * speaker nor its other sessions are affected. Runs on loopback, so it needs no root.
 */
@Tag("interop")
class MalformedUpdateTest {

    private static final String ATTRIBUTES = "40010100" + "4002040201fffa" + "4003047f000002";

    @Test
    void malformedUpdatesDoNotKillTheSpeaker() throws Exception {
        Inet4Address speakerAddress = (Inet4Address) InetAddress.getByName("127.0.0.1");
        Inet4Address rawAddress = (Inet4Address) InetAddress.getByName("127.0.0.2");
        Inet4Address goodAddress = (Inet4Address) InetAddress.getByName("127.0.0.3");
        try (BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.listeningOn(new InetSocketAddress(speakerAddress, 0)), e -> { })) {
            InetSocketAddress listening = speaker.boundAddresses().getFirst();
            for (var entry : java.util.Map.of("raw", rawAddress, "good", goodAddress).entrySet()) {
                speaker.addSession(SessionConfig.builder(entry.getKey(), 45104, 65530, speakerAddress, entry.getValue())
                        .passive(true).idleHoldTime(Duration.ofMillis(100)).build());
            }
            RawBgpPeer good = new RawBgpPeer(goodAddress, listening);
            good.establish("0a000003");
            good.send(RawBgpPeer.update("", ATTRIBUTES, "18ac1000"));
            try (RawBgpPeer raw = new RawBgpPeer(rawAddress, listening)) {
                raw.establish("0a000002");
                raw.send(RawBgpPeer.update("", ATTRIBUTES, "18c0a800" + "18c0a801"));
                Eventually.within(Duration.ofSeconds(5), "valid routes", () -> learned(speaker, "raw").size() == 2);

                // RFC 7606 7.1: ORIGIN value 7 → treat-as-withdraw for 192.168.0.0/24.
                raw.send(RawBgpPeer.update("", "40010107" + "4002040201fffa" + "4003047f000002", "18c0a800"));
                // RFC 7606 4: an attribute length overrunning the attribute field → treat-as-withdraw.
                raw.send(RawBgpPeer.update("", "40010100" + "4002ff0201fffa", "18c0a801"));
                Eventually.within(Duration.ofSeconds(5), "treat-as-withdraw", () -> learned(speaker, "raw").isEmpty());
                assertThat(speaker.session("raw").orElseThrow().state()).isEqualTo(SessionState.ESTABLISHED);

                // Still working: a valid UPDATE after the malformed ones is learned.
                raw.send(RawBgpPeer.update("", ATTRIBUTES, "18c0a802"));
                Eventually.within(Duration.ofSeconds(5), "learning after malformed", () -> learned(speaker, "raw").equals(Set.of("192.168.2.0/24")));

                // Prefix length 40 in NLRI cannot be parsed past: NOTIFICATION UPDATE error / Invalid Network Field.
                raw.send(RawBgpPeer.update("", ATTRIBUTES, "28c0a8000102"));
                assertThat(raw.readUntil(3)).startsWith("3:030a");
                assertThat(raw.closedByPeer()).isTrue();
                Eventually.within(Duration.ofSeconds(5), "routes of the reset session withdrawn", () -> learned(speaker, "raw").isEmpty());
            }
            // A marker that is not all ones: Message Header Error / Connection Not Synchronized.
            try (RawBgpPeer raw = reconnect(rawAddress, listening)) {
                raw.send("00" + RawBgpPeer.message(4, "").substring(2));
                assertThat(raw.readUntil(3)).startsWith("3:0101");
            }
            // The other session never noticed; the reset peer can come back.
            assertThat(speaker.session("good").orElseThrow().state()).isEqualTo(SessionState.ESTABLISHED);
            assertThat(learned(speaker, "good")).containsExactly("172.16.0.0/24");
            try (RawBgpPeer raw = reconnect(rawAddress, listening)) {
                raw.send(RawBgpPeer.update("", ATTRIBUTES, "18c0a803"));
                Eventually.within(Duration.ofSeconds(5), "learning after reconnect", () -> learned(speaker, "raw").equals(Set.of("192.168.3.0/24")));
            }
            good.close();
        }
    }

    /** After a reset the session sits in Idle for its idle-hold time: retry until a session is established. */
    private static RawBgpPeer reconnect(Inet4Address local, InetSocketAddress speaker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            RawBgpPeer peer = new RawBgpPeer(local, speaker);
            try {
                peer.establish("0a000002");
                return peer;
            } catch (java.io.IOException refused) {
                peer.close();
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(100);
            }
        }
    }

    private static Set<String> learned(BgpSpeaker speaker, String id) {
        return speaker.learnedRoutes(id).stream().map(r -> r.prefix().toString()).collect(Collectors.toSet());
    }
}
