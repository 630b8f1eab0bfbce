package io.vpnplane.agent.esp;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ESP encapsulate/decapsulate of one 1400-byte packet per algorithm, next to the JDK doing only the
 * raw cipher (and HMAC) work on the same bytes: the difference is what ESP framing, sequence numbers,
 * replay window and IV generation cost. Not a test; see docs/benchmarks.md for how to run it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EspBenchmark {

    private static final int PAYLOAD = 1400;
    private static final int HEADROOM = 64;

    @Param({"aes128-sha1", "aes256-sha256", "aes128gcm16", "aes256gcm16", "3des-sha1"})
    public String suite;

    private OutboundSa outbound;
    private InboundSa inbound;
    private byte[] buf;
    private byte[] encrypted;
    private int encryptedStart;
    private int encryptedLength;
    private byte[] work;
    private Cipher rawCipher;
    private SecretKeySpec rawKey;
    private Mac rawMac;
    private byte[] rawIv;
    private long counter;
    private final ByteBuffer ivBytes = ByteBuffer.allocate(16);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ChildSaTransforms transforms = switch (suite) {
            case "aes128-sha1" -> EspTestSupport.transforms(EncryptionAlgorithm.AES_128_CBC, Optional.of(IntegrityAlgorithm.HMAC_SHA1_96));
            case "aes256-sha256" -> EspTestSupport.transforms(EncryptionAlgorithm.AES_256_CBC, Optional.of(IntegrityAlgorithm.HMAC_SHA2_256_128));
            case "aes128gcm16" -> EspTestSupport.transforms(EncryptionAlgorithm.AES_128_GCM_16, Optional.empty());
            case "aes256gcm16" -> EspTestSupport.transforms(EncryptionAlgorithm.AES_256_GCM_16, Optional.empty());
            case "3des-sha1" -> EspTestSupport.transforms(EncryptionAlgorithm.TRIPLE_DES_CBC, Optional.of(IntegrityAlgorithm.HMAC_SHA1_96));
            default -> throw new IllegalArgumentException(suite);
        };
        // Replay window off on the receiving side so the same packet can be decrypted again and again.
        EspSaSpec spec = EspTestSupport.spec(0x1234_5678, transforms, false, 0, SaLifetime.UNLIMITED);
        outbound = new OutboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        inbound = new InboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
        buf = new byte[HEADROOM + PAYLOAD + 128];
        encryptedLength = outbound.encapsulate(buf, HEADROOM, PAYLOAD, 4);
        encryptedStart = HEADROOM - outbound.headerLength();
        encrypted = buf.clone();
        work = new byte[buf.length];

        EncryptionAlgorithm algorithm = transforms.encryption();
        byte[] key = new byte[algorithm.keyLength()];
        String jce = algorithm == EncryptionAlgorithm.TRIPLE_DES_CBC ? "DESede" : "AES";
        rawKey = new SecretKeySpec(key, jce);
        rawCipher = Cipher.getInstance(algorithm.isAead() ? "AES/GCM/NoPadding" : jce + "/CBC/NoPadding");
        rawIv = new byte[algorithm.isAead() ? 12 : algorithm.ivLength()];
        if (transforms.integrity().isPresent()) {
            String macName = transforms.integrity().get() == IntegrityAlgorithm.HMAC_SHA1_96 ? "HmacSHA1" : "HmacSHA256";
            rawMac = Mac.getInstance(macName);
            rawMac.init(new SecretKeySpec(new byte[transforms.integrity().get().keyLength()], macName));
        }
    }

    @Benchmark
    public int espEncapsulate() {
        return outbound.encapsulate(buf, HEADROOM, PAYLOAD, 4);
    }

    @Benchmark
    public Object espDecapsulate() {
        System.arraycopy(encrypted, encryptedStart, work, encryptedStart, encryptedLength);
        return inbound.decapsulate(work, encryptedStart, encryptedLength);
    }

    /** The JDK alone: encrypt 1408 bytes (1400 + trailer) and, for CBC suites, HMAC them. */
    @Benchmark
    public int jdkRawEncrypt() throws Exception {
        int length = PAYLOAD + 8;
        ivBytes.putLong(0, ++counter);
        System.arraycopy(ivBytes.array(), 0, rawIv, 0, 8);
        if (rawMac == null) {
            rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawIv));
            rawCipher.updateAAD(buf, 0, 8);
            return rawCipher.doFinal(buf, HEADROOM, length, work, HEADROOM);
        }
        rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new IvParameterSpec(rawIv));
        int n = rawCipher.doFinal(buf, HEADROOM, length, work, HEADROOM);
        rawMac.update(work, HEADROOM, n);
        rawMac.doFinal(work, 0);
        return n;
    }
}
