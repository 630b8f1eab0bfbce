package io.vpnplane.agent.esp;

import static io.vpnplane.agent.esp.EspTestSupport.HEADROOM;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.esp.InboundResult.DropReason;
import io.vpnplane.agent.esp.InboundResult.Dropped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

// RFC 4301 §4.4.2.1 soft/hard lifetimes; RFC 4303 §3.3.3 sequence counter must not cycle.
class SaLifetimeTest {

    private record Event(String kind, int spi, SaDirection direction, SaExpiry cause) {
    }

    private static final class Recorder implements SaLifetimeListener {
        final List<Event> events = new ArrayList<>();

        @Override
        public void softExpired(int spi, SaDirection direction, SaExpiry cause) {
            events.add(new Event("soft", spi, direction, cause));
        }

        @Override
        public void hardExpired(int spi, SaDirection direction, SaExpiry cause) {
            events.add(new Event("hard", spi, direction, cause));
        }
    }

    private static final int SPI = 0x9999;

    private static EspSaSpec spec(boolean esn, SaLifetime lifetime) {
        return EspTestSupport.spec(SPI, EspTestSupport.transforms(EncryptionAlgorithm.AES_128_CBC,
                Optional.of(IntegrityAlgorithm.HMAC_SHA1_96)), esn, 64, lifetime);
    }

    private static int send(OutboundSa out) {
        byte[] buf = EspTestSupport.bufferWith(new byte[100]);
        return out.encapsulate(buf, HEADROOM, 100, 4);
    }

    @Test
    void volumeLimitsFireSoftOnceThenHardAndStopTheSa() {
        Recorder recorder = new Recorder();
        SaLifetime lifetime = new SaLifetime(250, 450, Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofHours(1),
                Duration.ofHours(2));
        OutboundSa out = new OutboundSa(spec(false, lifetime), recorder, System::nanoTime);

        send(out);
        send(out);
        assertThat(recorder.events).isEmpty();
        send(out); // 300 bytes
        send(out);
        assertThat(recorder.events).containsExactly(new Event("soft", SPI, SaDirection.OUTBOUND, SaExpiry.BYTES));
        send(out); // 500 bytes: still sent, then the SA is spent
        assertThat(send(out)).isEqualTo(OutboundSa.EXPIRED);
        assertThat(recorder.events).containsExactly(new Event("soft", SPI, SaDirection.OUTBOUND, SaExpiry.BYTES),
                new Event("hard", SPI, SaDirection.OUTBOUND, SaExpiry.BYTES));
    }

    @Test
    void ageLimitsFollowTheInjectedClockOnBothDirections() {
        Recorder recorder = new Recorder();
        AtomicLong now = new AtomicLong(5_000_000_000L);
        SaLifetime lifetime = SaLifetime.ofAge(Duration.ofSeconds(3240), Duration.ofSeconds(3600));
        EspSaSpec spec = spec(false, lifetime);
        OutboundSa out = new OutboundSa(spec, recorder, now::get);
        InboundSa in = new InboundSa(spec, recorder, now::get);

        byte[] buf = EspTestSupport.bufferWith(new byte[10]);
        int length = out.encapsulate(buf, HEADROOM, 10, 4);
        now.addAndGet(Duration.ofSeconds(3240).toNanos());
        assertThat(send(out)).isPositive();
        assertThat(recorder.events).containsExactly(new Event("soft", SPI, SaDirection.OUTBOUND, SaExpiry.AGE));

        now.addAndGet(Duration.ofSeconds(360).toNanos());
        assertThat(send(out)).isEqualTo(OutboundSa.EXPIRED);
        assertThat(in.decapsulate(buf, HEADROOM - out.headerLength(), length))
                .isEqualTo(new Dropped(DropReason.EXPIRED));
        assertThat(recorder.events).contains(new Event("hard", SPI, SaDirection.OUTBOUND, SaExpiry.AGE),
                new Event("hard", SPI, SaDirection.INBOUND, SaExpiry.AGE));
    }

    @Test
    void the32BitSequenceCounterAsksForARekeyBeforeItWouldCycleAndNeverCycles() {
        Recorder recorder = new Recorder();
        OutboundSa out = new OutboundSa(spec(false, SaLifetime.UNLIMITED), recorder, System::nanoTime);
        out.skipSequenceTo(0xFFFF_FFFFL - OutboundSa.SEQUENCE_SOFT_MARGIN - 1);

        assertThat(send(out)).isPositive();
        assertThat(recorder.events).isEmpty();
        assertThat(send(out)).isPositive();
        assertThat(recorder.events).containsExactly(new Event("soft", SPI, SaDirection.OUTBOUND,
                SaExpiry.SEQUENCE_EXHAUSTED));

        out.skipSequenceTo(0xFFFF_FFFEL);
        assertThat(send(out)).isPositive(); // 2^32 - 1 is the last number
        assertThat(out.lastSequence()).isEqualTo(0xFFFF_FFFFL);
        assertThat(send(out)).isEqualTo(OutboundSa.EXPIRED);
        assertThat(recorder.events).last().isEqualTo(new Event("hard", SPI, SaDirection.OUTBOUND,
                SaExpiry.SEQUENCE_EXHAUSTED));
    }

    @Test
    void withEsnTheCounterSimplyContinuesPast2To32() {
        Recorder recorder = new Recorder();
        OutboundSa out = new OutboundSa(spec(true, SaLifetime.UNLIMITED), recorder, System::nanoTime);
        out.skipSequenceTo(0xFFFF_FFFFL);
        assertThat(send(out)).isPositive();
        assertThat(out.lastSequence()).isEqualTo(0x1_0000_0000L);
        assertThat(recorder.events).isEmpty();
    }
}
