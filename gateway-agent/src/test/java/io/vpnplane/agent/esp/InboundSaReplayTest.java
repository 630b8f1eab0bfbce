package io.vpnplane.agent.esp;

import static io.vpnplane.agent.esp.EspTestSupport.HEADROOM;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.esp.InboundResult.Accepted;
import io.vpnplane.agent.esp.InboundResult.DropReason;
import io.vpnplane.agent.esp.InboundResult.Dropped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

// Issue 5 acceptance: a replayed or too-old ESP packet is dropped and counted.
class InboundSaReplayTest {

    private record Sent(byte[] buf, int start, int length) {
        byte[] copy() {
            return buf.clone();
        }
    }

    private static List<Sent> send(OutboundSa out, int count) {
        List<Sent> packets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] buf = EspTestSupport.bufferWith(new byte[] {(byte) i, 1, 2, 3});
            int length = out.encapsulate(buf, HEADROOM, 4, 4);
            packets.add(new Sent(buf, HEADROOM - out.headerLength(), length));
        }
        return packets;
    }

    private static InboundResult receive(InboundSa in, Sent packet) {
        return in.decapsulate(packet.copy(), packet.start(), packet.length());
    }

    @Test
    void replayedAndTooOldPacketsAreDroppedAndCountedWithTheDefaultWindow() {
        EspSaSpec spec = EspTestSupport.spec(0x4444, EspTestSupport.transforms(EncryptionAlgorithm.AES_128_CBC,
                Optional.of(IntegrityAlgorithm.HMAC_SHA1_96)), false, AntiReplayWindow.DEFAULT_SIZE, SaLifetime.UNLIMITED);
        OutboundSa out = new OutboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        InboundSa in = new InboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        List<Sent> packets = send(out, 100);

        assertThat(receive(in, packets.get(0))).isInstanceOf(Accepted.class);
        assertThat(receive(in, packets.get(0))).isEqualTo(new Dropped(DropReason.REPLAYED));
        assertThat(receive(in, packets.get(99))).isInstanceOf(Accepted.class);
        // seq 2 is 98 behind seq 100: outside a 64-packet window.
        assertThat(receive(in, packets.get(1))).isEqualTo(new Dropped(DropReason.TOO_OLD));
        // seq 40 is 60 behind: inside, accepted once, then a replay.
        assertThat(receive(in, packets.get(39))).isInstanceOf(Accepted.class);
        assertThat(receive(in, packets.get(39))).isEqualTo(new Dropped(DropReason.REPLAYED));
        assertThat(receive(in, packets.get(99))).isEqualTo(new Dropped(DropReason.REPLAYED));

        InboundSa.Statistics statistics = in.statistics();
        assertThat(statistics.packets()).isEqualTo(3);
        assertThat(statistics.dropped(DropReason.REPLAYED)).isEqualTo(3);
        assertThat(statistics.dropped(DropReason.TOO_OLD)).isEqualTo(1);
    }

    @Test
    void a1024PacketWindowAcceptsWhatA64PacketWindowCallsTooOld() {
        EspSaSpec spec = EspTestSupport.spec(0x5555, EspTestSupport.transforms(EncryptionAlgorithm.AES_128_GCM_16,
                Optional.empty()), false, 1024, SaLifetime.UNLIMITED);
        OutboundSa out = new OutboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        InboundSa in = new InboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        List<Sent> packets = send(out, 1100);

        assertThat(receive(in, packets.get(1099))).isInstanceOf(Accepted.class);
        assertThat(receive(in, packets.get(100))).isInstanceOf(Accepted.class); // 999 behind
        assertThat(receive(in, packets.get(75))).isEqualTo(new Dropped(DropReason.TOO_OLD)); // 1024 behind
        assertThat(receive(in, packets.get(100))).isEqualTo(new Dropped(DropReason.REPLAYED));
    }

    @Test
    void aForgedPacketDoesNotMoveTheWindow() {
        EspSaSpec spec = EspTestSupport.spec(0x6666, EspTestSupport.transforms(EncryptionAlgorithm.AES_128_CBC,
                Optional.of(IntegrityAlgorithm.HMAC_SHA2_256_128)), false, 64, SaLifetime.UNLIMITED);
        OutboundSa out = new OutboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        InboundSa in = new InboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        List<Sent> packets = send(out, 3);
        byte[] forged = packets.get(0).copy();
        // Claim sequence number 1000 without knowing the key.
        OutboundSa.writeInt(forged, packets.get(0).start() + 4, 1000);

        assertThat(in.decapsulate(forged, packets.get(0).start(), packets.get(0).length()))
                .isEqualTo(new Dropped(DropReason.AUTHENTICATION_FAILED));
        assertThat(receive(in, packets.get(1))).isInstanceOf(Accepted.class);
        assertThat(receive(in, packets.get(0))).isInstanceOf(Accepted.class);
    }

    @Test
    void truncatedPacketsAreMalformedNotCrashes() {
        EspSaSpec spec = EspTestSupport.spec(0x7777, EspTestSupport.transforms(EncryptionAlgorithm.AES_256_CBC,
                Optional.of(IntegrityAlgorithm.HMAC_SHA2_512_256)), false, 64, SaLifetime.UNLIMITED);
        OutboundSa out = new OutboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        InboundSa in = new InboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        Sent packet = send(out, 1).get(0);
        for (int length = 0; length < packet.length(); length++) {
            InboundResult result = in.decapsulate(packet.copy(), packet.start(), length);
            assertThat(result).isInstanceOf(Dropped.class);
        }
        assertThat(in.statistics().dropped(DropReason.MALFORMED)).isPositive();
    }
}
