package io.vpnplane.agent.esp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.esp.InboundResult.Accepted;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Whole ESP packets from "The Use of Galois/Counter Mode (GCM) in IPsec ESP: test vectors"
 * (draft-mcgrew-gcm-test-01 §4), decrypted by {@link InboundSa}: this pins the RFC 4106 nonce
 * (salt | explicit IV), the AAD (SPI | sequence, or SPI | 64-bit ESN) and the trailer layout. The
 * vectors' payloads end with the trailer {@code 01 02 | 02 | 01}: pad 1, 2, pad length 2, next header 1.
 */
class GcmEspKnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aes256GcmWith32BitSequence() {
        byte[] keyAndSalt = HEX.parseHex("abbccddef00112233445566778899aababbccddef00112233445566778899aab" + "11223344");
        String plaintext = "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee000000000"
                + "7002400020bf0000020405b40101040201020201";
        String packet = "4a2cbfe3" + "00000002" + "0102030405060708"
                + "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763"
                + "748a637985771d347f0545659f14e99def842d8eb335f4eecfdbf831824b4c49"
                + "15956c96";
        InboundSa in = inbound(0x4a2cbfe3, EncryptionAlgorithm.AES_256_GCM_16, keyAndSalt, false);

        byte[] buf = HEX.parseHex(packet);
        Accepted accepted = (Accepted) in.decapsulate(buf, 0, buf.length);

        assertThat(accepted.sequence()).isEqualTo(2);
        assertThat(accepted.nextHeader()).isEqualTo(1);
        byte[] expected = HEX.parseHex(plaintext);
        assertThat(Arrays.copyOfRange(buf, accepted.payloadOffset(), accepted.payloadOffset() + accepted.payloadLength()))
                .isEqualTo(Arrays.copyOf(expected, expected.length - 4));
    }

    @Test
    void aes128GcmWithExtendedSequenceNumber() {
        byte[] keyAndSalt = HEX.parseHex("4c80cdefbb5d10da906ac73c3613a634" + "2e443b68");
        String plaintext = "45000048699a000080114db7c0a80102c0a801010a9bf15638d3010000010000"
                + "00000000045f736970045f756470037369700963796265726369747902646b00"
                + "0021000101020201";
        // AAD in the vector is SPI 00004321 | ESN 87654321_00000000: only the low half is on the wire.
        String packet = "00004321" + "00000000" + "4956ed7e3b244cfe"
                + "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34"
                + "cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce"
                + "61bc17d768fd9732459018148f6cbe722fd04796562dfdb4";
        InboundSa in = inbound(0x4321, EncryptionAlgorithm.AES_128_GCM_16, keyAndSalt, true);
        in.assumeReceived(0x8765_4320_FFFF_FFF0L);

        byte[] buf = HEX.parseHex(packet);
        Accepted accepted = (Accepted) in.decapsulate(buf, 0, buf.length);

        assertThat(accepted.sequence()).isEqualTo(0x8765_4321_0000_0000L);
        byte[] expected = HEX.parseHex(plaintext);
        assertThat(Arrays.copyOfRange(buf, accepted.payloadOffset(), accepted.payloadOffset() + accepted.payloadLength()))
                .isEqualTo(Arrays.copyOf(expected, expected.length - 4));
    }

    private static InboundSa inbound(int spi, EncryptionAlgorithm algorithm, byte[] keyAndSalt, boolean esn) {
        ChildSaTransforms transforms = new ChildSaTransforms(algorithm, Optional.empty(), Optional.empty());
        EspSaSpec spec = new EspSaSpec(spi, transforms, keyAndSalt, new byte[0], esn, 64, SaLifetime.UNLIMITED);
        return new InboundSa(spec, SaLifetimeListener.IGNORE, System::nanoTime);
    }
}
