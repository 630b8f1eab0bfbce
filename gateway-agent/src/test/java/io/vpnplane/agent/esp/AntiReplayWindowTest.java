package io.vpnplane.agent.esp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpnplane.agent.esp.AntiReplayWindow.Verdict;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// RFC 4303 §3.4.3 receiver window; RFC 6479 ring of words.
class AntiReplayWindowTest {

    @Test
    void defaultIs64AndSizesAreBounded() {
        assertThat(AntiReplayWindow.DEFAULT_SIZE).isEqualTo(64);
        assertThatThrownBy(() -> new AntiReplayWindow(31)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AntiReplayWindow(1024).size()).isEqualTo(1024);
    }

    @Test
    void duplicateIsRejectedAndZeroIsNeverFresh() {
        AntiReplayWindow window = new AntiReplayWindow(64);
        assertThat(window.check(0)).isEqualTo(Verdict.TOO_OLD);
        assertThat(window.markReceived(1)).isTrue();
        assertThat(window.check(1)).isEqualTo(Verdict.DUPLICATE);
        assertThat(window.markReceived(1)).isFalse();
    }

    @Test
    void windowMovesRightAndForgetsWhatFellOff() {
        AntiReplayWindow window = new AntiReplayWindow(64);
        window.markReceived(10);
        window.markReceived(100);
        assertThat(window.highest()).isEqualTo(100);
        // 37 = 100 - 63 is the oldest number still inside a 64-packet window.
        assertThat(window.check(37)).isEqualTo(Verdict.FRESH);
        assertThat(window.check(36)).isEqualTo(Verdict.TOO_OLD);
        assertThat(window.check(10)).isEqualTo(Verdict.TOO_OLD);
        assertThat(window.markReceived(37)).isTrue();
        assertThat(window.check(37)).isEqualTo(Verdict.DUPLICATE);
        // Out-of-order but inside the window is accepted once.
        assertThat(window.markReceived(99)).isTrue();
        assertThat(window.markReceived(99)).isFalse();
    }

    @Test
    void aJumpFarBeyondTheWindowClearsEveryStaleBit() {
        AntiReplayWindow window = new AntiReplayWindow(64);
        for (long s = 1; s <= 200; s++) {
            window.markReceived(s);
        }
        window.markReceived(200 + 64 * 100);
        for (long s = 200 + 64 * 99 + 1; s < 200 + 64 * 100; s++) {
            assertThat(window.check(s)).as("seq %d", s).isEqualTo(Verdict.FRESH);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64, 100, 1024, 4096})
    void agreesWithAStraightforwardModelOnRandomTraffic(int size) {
        AntiReplayWindow window = new AntiReplayWindow(size);
        BitSet seen = new BitSet();
        long highest = 0;
        Random random = new Random(size);
        long next = 1;
        for (int i = 0; i < 200_000; i++) {
            // Mostly advancing traffic with reordering, duplicates and stale packets mixed in.
            long seq = switch (random.nextInt(4)) {
                case 0 -> next += 1 + random.nextInt(3);
                case 1 -> Math.max(1, next - random.nextInt(size + size / 2));
                case 2 -> next;
                default -> Math.max(1, next - random.nextInt(8));
            };
            Verdict expected;
            if (seq > highest) {
                expected = Verdict.FRESH;
            } else if (highest - seq >= size) {
                expected = Verdict.TOO_OLD;
            } else {
                expected = seen.get((int) seq) ? Verdict.DUPLICATE : Verdict.FRESH;
            }
            assertThat(window.check(seq)).as("seq %d highest %d", seq, highest).isEqualTo(expected);
            if (expected == Verdict.FRESH) {
                window.markReceived(seq);
                seen.set((int) seq);
                highest = Math.max(highest, seq);
            }
        }
    }

    @Test
    void esnHighHalfIsInferredFromTheWindow() {
        AntiReplayWindow window = new AntiReplayWindow(64);
        window.markReceived(0x5_FFFF_FFF0L);
        // Just above the top: same block; small values after the wrap: next block.
        assertThat(window.inferExtendedSequence(0xFFFF_FFF5)).isEqualTo(0x5_FFFF_FFF5L);
        assertThat(window.inferExtendedSequence(3)).isEqualTo(0x6_0000_0003L);
        // Inside the window below the top: same block.
        assertThat(window.inferExtendedSequence(0xFFFF_FFC0)).isEqualTo(0x5_FFFF_FFC0L);

        window.markReceived(0x6_0000_0010L);
        // Window now spans the boundary: values near 2^32 belong to the previous block.
        assertThat(window.inferExtendedSequence(0xFFFF_FFE0)).isEqualTo(0x5_FFFF_FFE0L);
        assertThat(window.inferExtendedSequence(0x20)).isEqualTo(0x6_0000_0020L);
    }
}
