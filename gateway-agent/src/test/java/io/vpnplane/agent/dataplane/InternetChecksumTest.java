package io.vpnplane.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

// RFC 1071 checksum, summed over 32-bit words (RFC 1071 §2(B)); the TCP/UDP pseudo-header (RFC 793 §3.1, RFC 768).
class InternetChecksumTest {

    @Test
    void ipv4HeaderKnownAnswer() {
        // The classic example header 4500 0073 0000 4000 4011 ____ c0a8 0001 c0a8 00c7 has checksum b861.
        byte[] header = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        assertThat(InternetChecksum.of(header, 0, header.length)).isEqualTo(0xb861);
        header[10] = (byte) 0xb8;
        header[11] = 0x61;
        assertThat(InternetChecksum.of(header, 0, header.length)).isZero();
    }

    @Test
    void tcpKnownAnswerWithPseudoHeader() {
        // 72-byte TCP/IPv4 packet; tcpdump -vv: "cksum 0x270f (correct)".
        byte[] p = HexFormat.of().parseHex("450000481234400040064dc1c0a86401ac100a019c4014511122334455667788801801f6"
                + "270f00000101080a010203040a0b0c0d030a11181f262d343b424950575e656c737a8188");
        p[36] = 0;
        p[37] = 0;
        long pseudo = InternetChecksum.ipv4PseudoHeader(Ipv4Header.source(p, 0), Ipv4Header.destination(p, 0), 6, 52);
        assertThat(InternetChecksum.finish(InternetChecksum.sum(p, 20, 52, pseudo))).isEqualTo(0x270f);
    }

    @Test
    void wideWordSumEqualsTheSixteenBitDefinitionForEveryLengthAndAlignment() {
        Random random = new Random(5);
        byte[] data = new byte[200];
        for (int round = 0; round < 20; round++) {
            random.nextBytes(data);
            for (int off = 0; off < 4; off++) {
                for (int length = 0; length <= 150; length++) {
                    assertThat(InternetChecksum.of(data, off, length)).as("off %d length %d", off, length)
                            .isEqualTo(sixteenBit(data, off, length));
                }
            }
        }
    }

    @Test
    void allOnesDataFoldsWithoutLosingCarries() {
        byte[] ones = new byte[65_536];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertThat(InternetChecksum.fold(InternetChecksum.sum(ones, 0, ones.length, 0))).isEqualTo(0xFFFF);
        assertThat(InternetChecksum.of(ones, 0, ones.length)).isZero();
    }

    private static int sixteenBit(byte[] p, int off, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            int high = p[off + i] & 0xFF;
            int low = i + 1 < length ? p[off + i + 1] & 0xFF : 0;
            sum += high << 8 | low;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
