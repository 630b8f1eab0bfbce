package io.vpnplane.agent.esp;

import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.esp.InboundResult.Accepted;
import io.vpnplane.agent.esp.InboundResult.DropReason;
import io.vpnplane.agent.esp.InboundResult.Dropped;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The receiving side of one ESP SA (RFC 4303 §3.4): sequence-number reconstruction (ESN), anti-replay
 * check, ICV verification, in-place decryption and trailer removal.
 *
 * <p>Order follows RFC 4303 §3.4.3: the replay check comes first (cheap rejection), the window
 * moves only after the ICV verified. Thread-safe by serialisation, like {@link OutboundSa}.
 */
public final class InboundSa {

    /** Counters since installation. */
    public record Statistics(long packets, long bytes, Map<DropReason, Long> drops) {

        public long dropped(DropReason reason) {
            return drops.getOrDefault(reason, 0L);
        }
    }

    private static final Dropped[] DROPS = new Dropped[DropReason.values().length];

    static {
        for (DropReason reason : DropReason.values()) {
            DROPS[reason.ordinal()] = new Dropped(reason);
        }
    }

    private final EspSaSpec spec;
    private final PayloadProtection protection;
    private final AntiReplayWindow window;
    private final boolean replayCheck;
    private final int headerLength;
    private final int blockAlignment;
    private final int icvLength;
    private final long[] dropCounts = new long[DropReason.values().length];
    private final LifetimeTracker lifetime;

    public InboundSa(EspSaSpec spec, SaLifetimeListener listener, LongSupplier nanoClock) {
        this.spec = spec;
        EncryptionAlgorithm algorithm = spec.transforms().encryption();
        this.protection = PayloadProtection.create(spec);
        this.replayCheck = spec.replayWindowSize() > 0;
        // Without a replay check the window still tracks the highest number, which ESN inference needs.
        this.window = new AntiReplayWindow(replayCheck ? spec.replayWindowSize() : AntiReplayWindow.DEFAULT_SIZE);
        this.headerLength = 8 + algorithm.ivLength();
        this.blockAlignment = Math.max(4, algorithm.blockSize());
        this.icvLength = protection.icvLength();
        this.lifetime = new LifetimeTracker(spec.spi(), SaDirection.INBOUND, spec.lifetime(), listener, nanoClock);
    }

    public int spi() {
        return spec.spi();
    }

    public EspSaSpec spec() {
        return spec;
    }

    /**
     * Authenticates and decrypts the ESP packet at {@code buf[offset, +length)} (starting with the SPI)
     * in place.
     */
    public synchronized InboundResult decapsulate(byte[] buf, int offset, int length) {
        int cipherLength = length - headerLength - icvLength;
        if (cipherLength < blockAlignment || cipherLength % blockAlignment != 0) {
            return drop(DropReason.MALFORMED);
        }
        if (!lifetime.checkAge()) {
            return drop(DropReason.EXPIRED);
        }
        int lowBits = OutboundSa.readInt(buf, offset + 4);
        long sequence = spec.extendedSequenceNumbers()
                ? window.inferExtendedSequence(lowBits)
                : Integer.toUnsignedLong(lowBits);
        if (replayCheck) {
            switch (window.check(sequence)) {
                case DUPLICATE -> {
                    return drop(DropReason.REPLAYED);
                }
                case TOO_OLD -> {
                    return drop(DropReason.TOO_OLD);
                }
                case FRESH -> {
                }
            }
        }
        if (!protection.open(buf, offset, headerLength, cipherLength, sequence)) {
            return drop(DropReason.AUTHENTICATION_FAILED);
        }
        int payloadOffset = offset + headerLength;
        int nextHeader = buf[payloadOffset + cipherLength - 1] & 0xFF;
        int padLength = buf[payloadOffset + cipherLength - 2] & 0xFF;
        int payloadLength = cipherLength - 2 - padLength;
        if (payloadLength < 0) {
            return drop(DropReason.MALFORMED);
        }
        window.markReceived(sequence);
        lifetime.count(payloadLength);
        return new Accepted(payloadOffset, payloadLength, nextHeader, sequence);
    }

    private Dropped drop(DropReason reason) {
        dropCounts[reason.ordinal()]++;
        return DROPS[reason.ordinal()];
    }

    /** Test seam: continue as if {@code sequence} had been received (ESN vectors start high in the space). */
    synchronized void assumeReceived(long sequence) {
        window.markReceived(sequence);
    }

    public synchronized Statistics statistics() {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            if (dropCounts[reason.ordinal()] > 0) {
                drops.put(reason, dropCounts[reason.ordinal()]);
            }
        }
        return new Statistics(lifetime.packets(), lifetime.bytes(), Map.copyOf(drops));
    }
}
