package io.vpnplane.agent.esp;

import io.vpnplane.agent.crypto.CbcCipher;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.GcmCipher;
import io.vpnplane.agent.crypto.IntegrityChecker;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.LongSupplier;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

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
    private final EncryptionAlgorithm algorithm;
    private final CbcCipher cbc;
    private final GcmCipher gcm;
    private final IntegrityChecker integrity;
    private final Cipher ivGenerator;
    private final byte[] ivInput;
    private final byte[] aad = new byte[12];
    private final int headerLength;
    private final int blockAlignment;
    private final int icvLength;
    private final LifetimeTracker lifetime;
    private long sequence;

    public OutboundSa(EspSaSpec spec, SaLifetimeListener listener, LongSupplier nanoClock) {
        this.spec = spec;
        this.algorithm = spec.transforms().encryption();
        var cipher = algorithm.newCipher(spec.encryptionKey());
        this.cbc = cipher instanceof CbcCipher c ? c : null;
        this.gcm = cipher instanceof GcmCipher g ? g : null;
        this.integrity = spec.transforms().integrity().map(i -> i.newChecker(spec.integrityKey())).orElse(null);
        this.headerLength = 8 + algorithm.ivLength();
        // RFC 4303 §2.4: pad to the cipher block, and always so that the trailer ends on 4 bytes.
        this.blockAlignment = Math.max(4, algorithm.blockSize());
        this.icvLength = algorithm.isAead() ? algorithm.icvLength() : integrity.icvLength();
        this.lifetime = new LifetimeTracker(spec.spi(), SaDirection.OUTBOUND, spec.lifetime(), listener, nanoClock);
        if (cbc != null) {
            // CBC IVs must be unpredictable (RFC 3602 §3): the sequence number encrypted under a random
            // per-SA key is unique and unpredictable, and costs one block instead of a SecureRandom call.
            this.ivInput = new byte[algorithm.ivLength()];
            this.ivGenerator = newIvGenerator(algorithm);
        } else {
            this.ivInput = new byte[0];
            this.ivGenerator = null;
        }
    }

    private static Cipher newIvGenerator(EncryptionAlgorithm algorithm) {
        byte[] key = new byte[algorithm.keyLength()];
        new SecureRandom().nextBytes(key);
        String jceAlgorithm = algorithm.ivLength() == 8 ? (algorithm.keyLength() == 8 ? "DES" : "DESede") : "AES";
        try {
            Cipher c = Cipher.getInstance(jceAlgorithm + "/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, jceAlgorithm));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + jceAlgorithm + "/ECB", e);
        }
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

        int ivOffset = start + 8;
        if (gcm != null) {
            // RFC 4106 §3.1: the explicit IV only has to be unique; the 64-bit sequence number is.
            writeLong(buf, ivOffset, sequence);
            int aadLength = fillAad(buf, start);
            gcm.seal(buf, ivOffset, aad, 0, aadLength, buf, payloadOffset, padded, buf, payloadOffset);
        } else {
            generateIv(buf, ivOffset);
            cbc.encrypt(buf, ivOffset, buf, payloadOffset, padded, buf, payloadOffset);
            int authenticated = headerLength + padded;
            int icvOffset = start + authenticated;
            if (spec.extendedSequenceNumbers()) {
                // RFC 4303 §2.2.1: the high-order 32 bits are authenticated as if appended to the packet;
                // the ICV slot is the scratch space for them.
                writeInt(buf, icvOffset, (int) (sequence >>> 32));
                integrity.computeIcv(buf, start, authenticated + 4, buf, icvOffset);
            } else {
                integrity.computeIcv(buf, start, authenticated, buf, icvOffset);
            }
        }
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

    private int fillAad(byte[] buf, int start) {
        if (!spec.extendedSequenceNumbers()) {
            System.arraycopy(buf, start, aad, 0, 8);
            return 8;
        }
        // RFC 4106 §5: SPI, then the 64-bit ESN with its high half first.
        writeInt(aad, 0, spec.spi());
        writeLong(aad, 4, sequence);
        return 12;
    }

    private void generateIv(byte[] buf, int ivOffset) {
        writeLong(ivInput, ivInput.length - 8, sequence);
        try {
            ivGenerator.doFinal(ivInput, 0, ivInput.length, buf, ivOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("IV generation failed on a single block", e);
        }
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

    static void writeLong(byte[] b, int off, long v) {
        writeInt(b, off, (int) (v >>> 32));
        writeInt(b, off + 4, (int) v);
    }

    static int readInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }
}
