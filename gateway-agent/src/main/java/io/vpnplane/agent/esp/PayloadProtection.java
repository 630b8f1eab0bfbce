package io.vpnplane.agent.esp;

import io.vpnplane.agent.crypto.CbcCipher;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.GcmCipher;
import io.vpnplane.agent.crypto.IntegrityChecker;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptographic part of one SA direction, in place on the ESP packet: CBC encryption with an HMAC
 * ICV (RFC 4303 §3.3.2) or AES-GCM (RFC 4106). Not thread-safe; the SA serialises its use.
 *
 * <p>Layout at {@code start}: SPI (4), sequence low (4), IV ({@code ivLength}), ciphertext of
 * {@code cipherLength} bytes (payload, padding, pad length, next header), ICV.
 */
sealed interface PayloadProtection {

    int icvLength();

    /** Writes the IV, encrypts the padded payload and appends the ICV. */
    void seal(byte[] buf, int start, int headerLength, int cipherLength, long sequence);

    /** Verifies the ICV and decrypts in place; false if authentication fails (nothing usable then). */
    boolean open(byte[] buf, int start, int headerLength, int cipherLength, long sequence);

    static PayloadProtection create(EspSaSpec spec) {
        EncryptionAlgorithm algorithm = spec.transforms().encryption();
        return switch (algorithm.newCipher(spec.encryptionKey())) {
            case GcmCipher gcm -> new Gcm(gcm, spec.spi(), spec.extendedSequenceNumbers());
            case CbcCipher cbc -> new CbcHmac(cbc, algorithm,
                    spec.transforms().integrity().orElseThrow().newChecker(spec.integrityKey()),
                    spec.extendedSequenceNumbers());
        };
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void writeLong(byte[] b, int off, long v) {
        writeInt(b, off, (int) (v >>> 32));
        writeInt(b, off + 4, (int) v);
    }

    final class CbcHmac implements PayloadProtection {
        private final CbcCipher cipher;
        private final IntegrityChecker integrity;
        private final boolean esn;
        private final Cipher ivGenerator;
        private final byte[] ivInput;
        private final byte[] receivedIcv;

        CbcHmac(CbcCipher cipher, EncryptionAlgorithm algorithm, IntegrityChecker integrity, boolean esn) {
            this.cipher = cipher;
            this.integrity = integrity;
            this.esn = esn;
            this.ivInput = new byte[algorithm.ivLength()];
            this.ivGenerator = newIvGenerator(algorithm);
            this.receivedIcv = new byte[integrity.icvLength()];
        }

        /**
         * CBC IVs must be unpredictable (RFC 3602 §3): the sequence number encrypted under a random
         * per-SA key is unique and unpredictable, and costs one block instead of a SecureRandom call.
         */
        private static Cipher newIvGenerator(EncryptionAlgorithm algorithm) {
            byte[] key = new byte[algorithm.keyLength()];
            new SecureRandom().nextBytes(key);
            String jce = algorithm.ivLength() == 8 ? (algorithm.keyLength() == 8 ? "DES" : "DESede") : "AES";
            try {
                Cipher c = Cipher.getInstance(jce + "/ECB/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, jce));
                return c;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JDK lacks " + jce + "/ECB", e);
            }
        }

        @Override
        public int icvLength() {
            return integrity.icvLength();
        }

        @Override
        public void seal(byte[] buf, int start, int headerLength, int cipherLength, long sequence) {
            int ivOffset = start + 8;
            writeLong(ivInput, ivInput.length - 8, sequence);
            try {
                ivGenerator.doFinal(ivInput, 0, ivInput.length, buf, ivOffset);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("IV generation failed on a single block", e);
            }
            int payloadOffset = start + headerLength;
            cipher.encrypt(buf, ivOffset, buf, payloadOffset, cipherLength, buf, payloadOffset);
            int authenticated = headerLength + cipherLength;
            int icvOffset = start + authenticated;
            if (esn) {
                // RFC 4303 §2.2.1: the high-order 32 bits are authenticated as if appended to the packet;
                // the ICV slot is the scratch space for them.
                writeInt(buf, icvOffset, (int) (sequence >>> 32));
                integrity.computeIcv(buf, start, authenticated + 4, buf, icvOffset);
            } else {
                integrity.computeIcv(buf, start, authenticated, buf, icvOffset);
            }
        }

        @Override
        public boolean open(byte[] buf, int start, int headerLength, int cipherLength, long sequence) {
            int authenticated = headerLength + cipherLength;
            int icvOffset = start + authenticated;
            boolean valid;
            if (esn) {
                System.arraycopy(buf, icvOffset, receivedIcv, 0, receivedIcv.length);
                writeInt(buf, icvOffset, (int) (sequence >>> 32));
                valid = integrity.verify(buf, start, authenticated + 4, receivedIcv, 0);
            } else {
                valid = integrity.verify(buf, start, authenticated, buf, icvOffset);
            }
            if (valid) {
                int payloadOffset = start + headerLength;
                cipher.decrypt(buf, start + 8, buf, payloadOffset, cipherLength, buf, payloadOffset);
            }
            return valid;
        }
    }

    final class Gcm implements PayloadProtection {
        private final GcmCipher cipher;
        private final int spi;
        private final boolean esn;
        private final byte[] aad = new byte[12];

        Gcm(GcmCipher cipher, int spi, boolean esn) {
            this.cipher = cipher;
            this.spi = spi;
            this.esn = esn;
        }

        @Override
        public int icvLength() {
            return cipher.icvLength();
        }

        @Override
        public void seal(byte[] buf, int start, int headerLength, int cipherLength, long sequence) {
            int ivOffset = start + 8;
            // RFC 4106 §3.1: the explicit IV only has to be unique; the 64-bit sequence number is.
            writeLong(buf, ivOffset, sequence);
            int payloadOffset = start + headerLength;
            cipher.seal(buf, ivOffset, aad, 0, fillAad(buf, start, sequence), buf, payloadOffset, cipherLength, buf,
                    payloadOffset);
        }

        @Override
        public boolean open(byte[] buf, int start, int headerLength, int cipherLength, long sequence) {
            int payloadOffset = start + headerLength;
            try {
                cipher.open(buf, start + 8, aad, 0, fillAad(buf, start, sequence), buf, payloadOffset,
                        cipherLength + cipher.icvLength(), buf, payloadOffset);
                return true;
            } catch (AEADBadTagException e) {
                return false;
            }
        }

        private int fillAad(byte[] buf, int start, long sequence) {
            if (!esn) {
                System.arraycopy(buf, start, aad, 0, 8);
                return 8;
            }
            // RFC 4106 §5: SPI, then the 64-bit ESN with its high half first.
            writeInt(aad, 0, spi);
            writeLong(aad, 4, sequence);
            return 12;
        }
    }
}
