package io.vpnplane.agent.ikev1;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * RFC 2409 key derivation, recomputed step by step with plain JCE calls (no published IKEv1 vectors
 * exist; the live cross-check is the strongSwan interop test, which fails on any derivation error).
 */
class Ikev1KeyScheduleTest {

    private static final byte[] PSK = "fddsFF123abc".getBytes();
    private static final byte[] NI = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    private static final byte[] NR = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100");
    private static final byte[] GXY = new byte[128];
    private static final long CKY_I = 0x1111111111111111L;
    private static final long CKY_R = 0x2222222222222222L;

    static {
        Arrays.fill(GXY, (byte) 0x5a);
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    private static byte[] cookies() {
        return ByteBuffer.allocate(16).putLong(CKY_I).putLong(CKY_R).array();
    }

    @Test
    void skeyidChainAndTruncatedEncryptionKey() throws Exception {
        Ikev1KeySchedule keys = Ikev1KeySchedule.derive(PseudoRandomFunction.HMAC_SHA1, EncryptionAlgorithm.AES_128_CBC,
                PSK, NI, NR, GXY, CKY_I, CKY_R);

        byte[] skeyid = hmac("HmacSHA1", PSK, NI, NR);
        byte[] d = hmac("HmacSHA1", skeyid, GXY, cookies(), new byte[] {0});
        byte[] a = hmac("HmacSHA1", skeyid, d, GXY, cookies(), new byte[] {1});
        byte[] e = hmac("HmacSHA1", skeyid, a, GXY, cookies(), new byte[] {2});
        assertThat(keys.skeyidD()).isEqualTo(d);
        assertThat(keys.skeyidA()).isEqualTo(a);
        assertThat(keys.encryptionKey()).isEqualTo(Arrays.copyOf(e, 16));
    }

    @Test
    void shortSkeyidEIsExpandedPerAppendixB() throws Exception {
        // MD5 gives 16 bytes, 3DES needs 24: Ka = K1 | K2 with K1 = prf(SKEYID_e, 0), K2 = prf(SKEYID_e, K1).
        Ikev1KeySchedule keys = Ikev1KeySchedule.derive(PseudoRandomFunction.HMAC_MD5,
                EncryptionAlgorithm.TRIPLE_DES_CBC, PSK, NI, NR, GXY, CKY_I, CKY_R);

        byte[] skeyid = hmac("HmacMD5", PSK, NI, NR);
        byte[] d = hmac("HmacMD5", skeyid, GXY, cookies(), new byte[] {0});
        byte[] a = hmac("HmacMD5", skeyid, d, GXY, cookies(), new byte[] {1});
        byte[] e = hmac("HmacMD5", skeyid, a, GXY, cookies(), new byte[] {2});
        byte[] k1 = hmac("HmacMD5", e, new byte[] {0});
        byte[] k2 = hmac("HmacMD5", e, k1);
        assertThat(keys.encryptionKey()).isEqualTo(Arrays.copyOf(Ikev1KeySchedule.concat(k1, k2), 24));
    }

    @Test
    void initialIvsComeFromTheNegotiatedHash() throws Exception {
        Ikev1KeySchedule keys = Ikev1KeySchedule.derive(PseudoRandomFunction.HMAC_SHA2_256,
                EncryptionAlgorithm.AES_256_CBC, PSK, NI, NR, GXY, CKY_I, CKY_R);
        byte[] gxi = new byte[] {1, 2, 3};
        byte[] gxr = new byte[] {4, 5};
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");

        assertThat(keys.phase1Iv(gxi, gxr)).isEqualTo(Arrays.copyOf(sha256.digest(new byte[] {1, 2, 3, 4, 5}), 16));
        byte[] lastBlock = new byte[16];
        Arrays.fill(lastBlock, (byte) 9);
        byte[] mid = new byte[] {0x12, 0x34, 0x56, 0x78};
        assertThat(keys.phase2Iv(lastBlock, mid))
                .isEqualTo(Arrays.copyOf(sha256.digest(Ikev1KeySchedule.concat(lastBlock, mid)), 16));
        Ikev1KeySchedule des = Ikev1KeySchedule.derive(PseudoRandomFunction.HMAC_SHA1, EncryptionAlgorithm.DES_CBC,
                PSK, NI, NR, GXY, CKY_I, CKY_R);
        assertThat(des.phase1Iv(gxi, gxr)).hasSize(8);
    }

    @Test
    void authenticationHashesSwapTheirInputsForTheResponder() throws Exception {
        Ikev1KeySchedule keys = Ikev1KeySchedule.derive(PseudoRandomFunction.HMAC_SHA1, EncryptionAlgorithm.AES_128_CBC,
                PSK, NI, NR, GXY, CKY_I, CKY_R);
        byte[] skeyid = hmac("HmacSHA1", PSK, NI, NR);
        byte[] gxi = {1};
        byte[] gxr = {2};
        byte[] sa = {3};
        byte[] id = {4};
        byte[] reversedCookies = ByteBuffer.allocate(16).putLong(CKY_R).putLong(CKY_I).array();

        assertThat(keys.hashI(gxi, gxr, CKY_I, CKY_R, sa, id)).isEqualTo(hmac("HmacSHA1", skeyid, gxi, gxr, cookies(), sa, id));
        assertThat(keys.hashR(gxi, gxr, CKY_I, CKY_R, sa, id))
                .isEqualTo(hmac("HmacSHA1", skeyid, gxr, gxi, reversedCookies, sa, id));
    }

    @Test
    void quickModeHashesAndKeymat() throws Exception {
        Ikev1KeySchedule keys = Ikev1KeySchedule.derive(PseudoRandomFunction.HMAC_SHA1, EncryptionAlgorithm.AES_128_CBC,
                PSK, NI, NR, GXY, CKY_I, CKY_R);
        byte[] a = keys.skeyidA();
        byte[] d = keys.skeyidD();
        byte[] mid = {0, 0, 0, 7};
        byte[] rest = {42};

        assertThat(keys.hash1(mid, rest)).isEqualTo(hmac("HmacSHA1", a, mid, rest));
        assertThat(keys.hash2(mid, NI, rest)).isEqualTo(hmac("HmacSHA1", a, mid, NI, rest));
        assertThat(keys.hash3(mid, NI, NR)).isEqualTo(hmac("HmacSHA1", a, new byte[] {0}, mid, NI, NR));

        // AES-256 + HMAC-SHA2-512 needs 96 bytes: five SHA-1 blocks, each chained on the previous one.
        byte[] pfs = {7, 7};
        byte[] spi = {(byte) 0xc0, 0, 0, 1};
        byte[] seed = Ikev1KeySchedule.concat(pfs, new byte[] {3}, spi, NI, NR);
        byte[] k1 = hmac("HmacSHA1", d, seed);
        byte[] k2 = hmac("HmacSHA1", d, k1, seed);
        byte[] k3 = hmac("HmacSHA1", d, k2, seed);
        byte[] k4 = hmac("HmacSHA1", d, k3, seed);
        byte[] k5 = hmac("HmacSHA1", d, k4, seed);
        assertThat(keys.keymat(Optional.of(pfs), 3, 0xc0000001, NI, NR, 96))
                .isEqualTo(Arrays.copyOf(Ikev1KeySchedule.concat(k1, k2, k3, k4, k5), 96));
        assertThat(keys.keymat(Optional.empty(), 3, 0xc0000001, NI, NR, 16))
                .isEqualTo(Arrays.copyOf(hmac("HmacSHA1", d, Ikev1KeySchedule.concat(new byte[] {3}, spi, NI, NR)), 16));
        assertThat(keys.toString()).doesNotContain(HexFormat.of().formatHex(d));
    }

    @Test
    void ivChainAdvancesOnlyOnAcceptedMessages() throws Exception {
        Ikev1KeySchedule keys = Ikev1KeySchedule.derive(PseudoRandomFunction.HMAC_SHA1, EncryptionAlgorithm.AES_128_CBC,
                PSK, NI, NR, GXY, CKY_I, CKY_R);
        byte[] iv = keys.phase1Iv(new byte[] {1}, new byte[] {2});
        CbcIvChain sender = new CbcIvChain((io.vpnplane.agent.crypto.CbcCipher) EncryptionAlgorithm.AES_128_CBC
                .newCipher(keys.encryptionKey()), iv);
        CbcIvChain receiver = new CbcIvChain((io.vpnplane.agent.crypto.CbcCipher) EncryptionAlgorithm.AES_128_CBC
                .newCipher(keys.encryptionKey()), iv);

        byte[] first = sender.encrypt(new byte[] {1, 2, 3});
        assertThat(first).hasSize(16);
        assertThat(sender.currentIv()).isEqualTo(Arrays.copyOfRange(first, 0, 16));
        assertThat(Arrays.copyOf(receiver.decrypt(first), 3)).containsExactly(1, 2, 3);
        assertThat(receiver.currentIv()).isEqualTo(iv); // not yet confirmed
        receiver.confirm();
        byte[] second = sender.encrypt(new byte[20]);
        assertThat(receiver.decrypt(second)).isEqualTo(new byte[32]);
    }
}
