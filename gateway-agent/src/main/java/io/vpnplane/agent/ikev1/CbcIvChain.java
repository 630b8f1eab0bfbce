package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.crypto.CbcCipher;
import io.vpnplane.agent.ikev1.message.IsakmpDecodeException;
import io.vpnplane.agent.ikev1.message.IsakmpMessage;
import java.util.Arrays;

/**
 * CBC encryption of ISAKMP bodies with the IV chaining of RFC 2409 App. B: each message's IV is the last
 * ciphertext block of the previous message of the same exchange. The chain only advances when a message
 * was sent or was decrypted and accepted ({@link #confirm}), so a forged or garbled datagram cannot
 * desynchronise it. Not thread-safe.
 */
final class CbcIvChain implements IsakmpMessage.BodyCipher {

    private final CbcCipher cipher;
    private byte[] iv;
    private byte[] pendingIv;

    CbcIvChain(CbcCipher cipher, byte[] initialIv) {
        this.cipher = cipher;
        this.iv = initialIv.clone();
    }

    /** The IV the next message will use (its last block after that message). */
    byte[] currentIv() {
        return iv.clone();
    }

    /** Pads with zeros to the block size (RFC 2408 §3.1 leaves the padding content open) and encrypts. */
    @Override
    public byte[] encrypt(byte[] plaintext) {
        int block = cipher.blockSize();
        byte[] padded = Arrays.copyOf(plaintext, (plaintext.length + block - 1) / block * block);
        if (padded.length == 0) {
            padded = new byte[block];
        }
        byte[] out = new byte[padded.length];
        cipher.encrypt(iv, 0, padded, 0, padded.length, out, 0);
        iv = Arrays.copyOfRange(out, out.length - block, out.length);
        return out;
    }

    /** Decrypts with the current IV; the chain moves only on {@link #confirm()}. */
    @Override
    public byte[] decrypt(byte[] ciphertext) throws IsakmpDecodeException {
        int block = cipher.blockSize();
        if (ciphertext.length == 0 || ciphertext.length % block != 0) {
            throw new IsakmpDecodeException("encrypted body of " + ciphertext.length + " bytes is not a multiple of "
                    + block);
        }
        byte[] out = new byte[ciphertext.length];
        cipher.decrypt(iv, 0, ciphertext, 0, ciphertext.length, out, 0);
        pendingIv = Arrays.copyOfRange(ciphertext, ciphertext.length - block, ciphertext.length);
        return out;
    }

    /** The last decrypted message was authentic: chain its last block. */
    void confirm() {
        if (pendingIv != null) {
            iv = pendingIv;
            pendingIv = null;
        }
    }
}
