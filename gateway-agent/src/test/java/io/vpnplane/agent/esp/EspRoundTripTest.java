package io.vpnplane.agent.esp;

import static io.vpnplane.agent.esp.EspTestSupport.HEADROOM;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.esp.InboundResult.Accepted;
import io.vpnplane.agent.esp.InboundResult.DropReason;
import io.vpnplane.agent.esp.InboundResult.Dropped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// REQ-GW-001: ESP (RFC 4303) for every algorithm the IKE engine can negotiate.
class EspRoundTripTest {

    static Stream<ChildSaTransforms> everyTransform() {
        List<ChildSaTransforms> transforms = new ArrayList<>();
        for (EncryptionAlgorithm encryption : EncryptionAlgorithm.values()) {
            if (encryption.isAead()) {
                transforms.add(EspTestSupport.transforms(encryption, Optional.empty()));
            } else {
                for (IntegrityAlgorithm integrity : IntegrityAlgorithm.values()) {
                    transforms.add(EspTestSupport.transforms(encryption, Optional.of(integrity)));
                }
            }
        }
        return transforms.stream();
    }

    static Stream<Arguments> everyTransformWithAndWithoutEsn() {
        return everyTransform().flatMap(t -> Stream.of(Arguments.of(t, false), Arguments.of(t, true)));
    }

    @ParameterizedTest(name = "{0} esn={1}")
    @MethodSource("everyTransformWithAndWithoutEsn")
    void packetsOfEveryLengthSurviveTheRoundTrip(ChildSaTransforms transforms, boolean esn) {
        EspSaSpec spec = EspTestSupport.spec(0x1000_0001, transforms, esn, 64, SaLifetime.UNLIMITED);
        OutboundSa out = new OutboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        InboundSa in = new InboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        Random random = new Random(7);
        for (int length = 0; length <= 70; length++) {
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            byte[] buf = EspTestSupport.bufferWith(payload);

            int espLength = out.encapsulate(buf, HEADROOM, length, 4);
            int start = HEADROOM - out.headerLength();

            assertThat(espLength).isLessThanOrEqualTo(out.headerLength() + length + out.maxTrailerLength());
            assertThat(OutboundSa.readInt(buf, start)).isEqualTo(spec.spi());
            assertThat(OutboundSa.readInt(buf, start + 4)).isEqualTo(length + 1); // sequence starts at 1
            // RFC 4303 §2.4: the ciphertext after the header is block-aligned, and everything 4-byte aligned.
            assertThat(espLength % 4).isZero();
            if (length >= 16) {
                assertThat(Arrays.copyOfRange(buf, HEADROOM, HEADROOM + 16))
                        .isNotEqualTo(Arrays.copyOfRange(payload, 0, 16));
            }

            InboundResult result = in.decapsulate(buf, start, espLength);

            assertThat(result).isInstanceOf(Accepted.class);
            Accepted accepted = (Accepted) result;
            assertThat(accepted.nextHeader()).isEqualTo(4);
            assertThat(accepted.sequence()).isEqualTo(length + 1L);
            assertThat(Arrays.copyOfRange(buf, accepted.payloadOffset(), accepted.payloadOffset() + accepted.payloadLength()))
                    .isEqualTo(payload);
        }
        assertThat(in.statistics().packets()).isEqualTo(71);
    }

    @ParameterizedTest(name = "{0} esn={1}")
    @MethodSource("everyTransformWithAndWithoutEsn")
    void aFlippedBitAnywhereFailsAuthentication(ChildSaTransforms transforms, boolean esn) {
        EspSaSpec spec = EspTestSupport.spec(0x2000_0002, transforms, esn, 64, SaLifetime.UNLIMITED);
        OutboundSa out = new OutboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        byte[] payload = new byte[40];
        new Random(3).nextBytes(payload);
        byte[] original = EspTestSupport.bufferWith(payload);
        int espLength = out.encapsulate(original, HEADROOM, payload.length, 4);
        int start = HEADROOM - out.headerLength();

        // Bytes 4.. (sequence number, IV, ciphertext, ICV); the SPI only selects the SA.
        for (int i = 4; i < espLength; i += 3) {
            InboundSa in = new InboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
            byte[] tampered = original.clone();
            tampered[start + i] ^= 0x10;
            assertThat(in.decapsulate(tampered, start, espLength))
                    .as("flipped byte %d", i)
                    .isEqualTo(new Dropped(DropReason.AUTHENTICATION_FAILED));
            assertThat(in.statistics().dropped(DropReason.AUTHENTICATION_FAILED)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTransform")
    void esnPacketsAcrossThe32BitBoundaryAuthenticateTheHighHalf(ChildSaTransforms transforms) {
        EspSaSpec spec = EspTestSupport.spec(0x3000_0003, transforms, true, 64, SaLifetime.UNLIMITED);
        OutboundSa out = new OutboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        InboundSa in = new InboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        out.skipSequenceTo(0xFFFF_FFFDL);
        in.assumeReceived(0xFFFF_FFFDL);
        for (long expected = 0xFFFF_FFFEL; expected <= 0x1_0000_0002L; expected++) {
            byte[] buf = EspTestSupport.bufferWith(new byte[20]);
            int espLength = out.encapsulate(buf, HEADROOM, 20, 4);
            InboundResult result = in.decapsulate(buf, HEADROOM - out.headerLength(), espLength);
            assertThat(result).isInstanceOf(Accepted.class);
            assertThat(((Accepted) result).sequence()).isEqualTo(expected);
        }
    }
}
