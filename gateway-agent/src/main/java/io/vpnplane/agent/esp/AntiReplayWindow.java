package io.vpnplane.agent.esp;

/**
 * The receiver's sliding anti-replay window of RFC 4303 §3.4.3, kept as a ring of 64-bit words in the
 * style of RFC 6479 so that moving the window clears whole words instead of shifting a bitmap.
 *
 * <p>Sequence numbers are 64-bit (the full ESN when negotiated, the 32-bit counter otherwise).
 * Checking and marking are separate because RFC 4303 §3.4.3 marks a packet only after its ICV has
 * been verified: {@link #isFresh(long)} before decryption, {@link #markReceived(long)} after.
 *
 * <p>Not thread-safe: an inbound SA serialises its packets.
 */
public final class AntiReplayWindow {

    /** RFC 4303 §3.4.3: 32 minimum, 64 recommended default. */
    public static final int DEFAULT_SIZE = 64;
    public static final int MAX_SIZE = 1 << 16;

    private final int size;
    private final long[] ring;
    private final int ringMask;
    /** Highest authenticated sequence number; 0 means nothing received (ESP sequence numbers start at 1). */
    private long highest;

    public AntiReplayWindow(int size) {
        if (size < 32 || size > MAX_SIZE) {
            throw new IllegalArgumentException("replay window must be 32.." + MAX_SIZE + " packets, got " + size);
        }
        this.size = size;
        // One spare word so that the words covering the window never include the word being cleared.
        int words = Integer.highestOneBit(((size + 63) >>> 6) + 1);
        if (words < ((size + 63) >>> 6) + 1) {
            words <<= 1;
        }
        this.ring = new long[words];
        this.ringMask = words - 1;
    }

    public int size() {
        return size;
    }

    /** Highest authenticated sequence number so far (0 before the first packet). */
    public long highest() {
        return highest;
    }

    /** Outcome of checking a sequence number against the window. */
    public enum Verdict {
        FRESH,
        /** Inside the window and already received. */
        DUPLICATE,
        /** Left of the window (or zero, which no sender uses). */
        TOO_OLD
    }

    /** Classifies {@code seq} without changing the window (call before the ICV check). */
    public Verdict check(long seq) {
        if (seq == 0) {
            return Verdict.TOO_OLD;
        }
        if (Long.compareUnsigned(seq, highest) > 0) {
            return Verdict.FRESH;
        }
        if (highest - seq >= size) {
            return Verdict.TOO_OLD;
        }
        return (ring[wordIndex(seq)] & bit(seq)) == 0 ? Verdict.FRESH : Verdict.DUPLICATE;
    }

    /** Whether {@code seq} is neither zero, nor left of the window, nor already received. */
    public boolean isFresh(long seq) {
        return check(seq) == Verdict.FRESH;
    }

    /**
     * Records an authenticated packet, moving the window right when {@code seq} is new.
     *
     * @return false if it was a replay or too old (then nothing changes)
     */
    public boolean markReceived(long seq) {
        if (!isFresh(seq)) {
            return false;
        }
        if (Long.compareUnsigned(seq, highest) > 0) {
            long currentWord = highest >>> 6;
            long newWord = seq >>> 6;
            long wordsToClear = Math.min(newWord - currentWord, ring.length);
            for (long i = 1; i <= wordsToClear; i++) {
                ring[(int) ((currentWord + i) & ringMask)] = 0;
            }
            highest = seq;
        }
        ring[wordIndex(seq)] |= bit(seq);
        return true;
    }

    /**
     * Reconstructs the 64-bit ESN from the 32 low-order bits carried in a packet (RFC 4303
     * Appendix A2.2): a value below the window's bottom belongs to the next 2^32 block.
     */
    public long inferExtendedSequence(int lowBits) {
        long seqLow = Integer.toUnsignedLong(lowBits);
        long topHigh = highest >>> 32;
        long topLow = highest & 0xFFFF_FFFFL;
        long bottom = (topLow - size + 1) & 0xFFFF_FFFFL;
        long high;
        if (topLow >= size - 1) {
            // Window within one block: below the bottom means we wrapped into the next block.
            high = seqLow >= bottom ? topHigh : topHigh + 1;
        } else {
            // Window spans two blocks: values at or above the bottom belong to the previous block.
            high = seqLow >= bottom ? topHigh - 1 : topHigh;
            if (high < 0) {
                high = 0;
            }
        }
        return (high << 32) | seqLow;
    }

    private int wordIndex(long seq) {
        return (int) ((seq >>> 6) & ringMask);
    }

    private static long bit(long seq) {
        return 1L << (seq & 63);
    }
}
