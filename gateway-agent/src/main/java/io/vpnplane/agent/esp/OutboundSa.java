package io.vpnplane.agent.esp;

import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import java.util.function.LongSupplier;

/**
 * The sending side of one ESP SA (RFC 4303 §3.3): sequence numbers, IV, padding and next header,
 * encryption and ICV, written in place around a payload that already sits in the caller's buffer.
 *
 * <p>Buffer contract (zero-copy): the inner packet is at {@code buf[payloadOffset, +payloadLength)};
 * at least {@link #headerLength()} bytes before it and {@link #maxTrailerLength()} bytes after it must be
 * free. The ESP packet then starts at {@code payloadOffset - headerLength()}.
 *
 * <p>Thread-safe by serialisation: the JCE objects are per SA, so concurrent senders on one SA
 * queue on its lock; spreading tunnels over cores gives the parallelism.
 */
public final class OutboundSa {

    /** Returned by {@link #encapsulate} when the SA is hard-expired: the packet must be dropped. */
    public static final int EXPIRED = -1;

    /** Without ESN, warn the IKE engine this many packets before the 32-bit counter cycles. */
    static final long SEQUENCE_SOFT_MARGIN = 1L << 20;
    private static final long MAX_32_BIT_SEQUENCE = 0xFFFF_FFFFL;

    private final EspSaSpec spec;
    private final PayloadProtection protection;
    private final int headerLength;
    private final int blockAlignment;
    private final int icvLength;
    private final LifetimeTracker lifetime;
    private long sequence;

    public OutboundSa(EspSaSpec spec, SaLifetimeListener listener, LongSupplier nanoClock) {
        this.spec = spec;
        EncryptionAlgorithm algorithm = spec.transforms().encryption();
        this.protection = PayloadProtection.create(spec);
        this.headerLength = 8 + algorithm.ivLength();
        // RFC 4303 §2.4: pad to the cipher block, and always so that the trailer ends on 4 bytes.
        this.blockAlignment = Math.max(4, algorithm.blockSize());
        this.icvLength = protection.icvLength();
        this.lifetime = new LifetimeTracker(spec.spi(), SaDirection.OUTBOUND, spec.lifetime(), listener, nanoClock);
    }

    public int spi() {
        return spec.spi();
    }

    public EspSaSpec spec() {
        return spec;
    }

    /** SPI, sequence number and IV: the bytes written before the payload. */
    public int headerLength() {
        return headerLength;
    }

    /** Worst-case bytes written after the payload: padding, pad length, next header and ICV. */
    public int maxTrailerLength() {
        return blockAlignment - 1 + 2 + icvLength;
    }

    /** Sequence number of the last packet sent. */
    public synchronized long lastSequence() {
        return sequence;
    }

    public synchronized long packets() {
        return lifetime.packets();
    }

    public synchronized long bytes() {
        return lifetime.bytes();
    }

    /**
     * Builds the ESP packet around the payload.
     *
     * @param nextHeader the inner protocol: 4 for IPv4, 41 for IPv6 (RFC 4303 §2.6, tunnel mode)
     * @return the ESP packet length (it starts at {@code payloadOffset - headerLength()}), or
     *         {@link #EXPIRED}
     */
    public synchronized int encapsulate(byte[] buf, int payloadOffset, int payloadLength, int nextHeader) {
        if (!lifetime.checkAge() || !nextSequence()) {
            return EXPIRED;
        }
        int start = payloadOffset - headerLength;
        writeInt(buf, start, spec.spi());
        writeInt(buf, start + 4, (int) sequence);

        int unpadded = payloadLength + 2;
        int padded = (unpadded + blockAlignment - 1) / blockAlignment * blockAlignment;
        int padLength = padded - unpadded;
        int trailer = payloadOffset + payloadLength;
        for (int i = 0; i < padLength; i++) {
            buf[trailer + i] = (byte) (i + 1); // RFC 4303 §2.4 default padding 1, 2, 3, ...
        }
        buf[trailer + padLength] = (byte) padLength;
        buf[trailer + padLength + 1] = (byte) nextHeader;

        protection.seal(buf, start, headerLength, padded, sequence);
        lifetime.count(payloadLength);
        return headerLength + padded + icvLength;
    }

    private boolean nextSequence() {
        if (!spec.extendedSequenceNumbers()) {
            if (sequence >= MAX_32_BIT_SEQUENCE) {
                lifetime.hard(SaExpiry.SEQUENCE_EXHAUSTED);
                return false;
            }
            if (sequence >= MAX_32_BIT_SEQUENCE - SEQUENCE_SOFT_MARGIN) {
                lifetime.soft(SaExpiry.SEQUENCE_EXHAUSTED);
            }
        } else if (sequence == -1L) {
            lifetime.hard(SaExpiry.SEQUENCE_EXHAUSTED);
            return false;
        }
        sequence++;
        return true;
    }

    /** Test seam: continue as if {@code lastSent} packets had been sent (sequence exhaustion takes 2^32 packets). */
    synchronized void skipSequenceTo(long lastSent) {
        this.sequence = lastSent;
    }

    static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int readInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }
}
