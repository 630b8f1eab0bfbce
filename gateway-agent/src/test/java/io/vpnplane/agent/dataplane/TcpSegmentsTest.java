package io.vpnplane.agent.dataplane;

import static io.vpnplane.agent.dataplane.TcpPackets.ACK;
import static io.vpnplane.agent.dataplane.TcpPackets.CWR;
import static io.vpnplane.agent.dataplane.TcpPackets.FIN;
import static io.vpnplane.agent.dataplane.TcpPackets.FIRST_SEQUENCE;
import static io.vpnplane.agent.dataplane.TcpPackets.PSH;
import static io.vpnplane.agent.dataplane.TcpPackets.ROUTER_ALERT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: cutting a TSO super-packet from the TUN device into MSS-sized TCP/IPv4 segments (RFC 791
 * identification and checksum, RFC 793 sequence numbers and checksum, RFC 3168 CWR on the first segment
 * only), and completing a checksum the device left partial. The expected checksums come from an
 * independent implementation and were confirmed by {@code tcpdump -vv} ("cksum ... (correct)").
 */
class TcpSegmentsTest {

    private static final VirtioNetHeader TSO_100 = new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM,
            VirtioNetHeader.GSO_TCPV4, 52, 100, 20, 16);

    /** 250 payload bytes, CWR|ACK|PSH|FIN, IP id 0x1234, TCP checksum field holding junk. */
    private static byte[] superPacket(byte[] ipOptions) {
        byte[] p = TcpPackets.build(ipOptions, 0x1234, 0, 250, CWR | ACK | PSH | FIN);
        int tcp = 20 + ipOptions.length;
        p[tcp + 16] = (byte) 0xAB;
        p[tcp + 17] = (byte) 0xCD;
        return p;
    }

    @Test
    void segmentsGetLengthsIdsSequenceFlagsAndKnownChecksums() {
        byte[] p = superPacket(new byte[0]);
        TcpSegments segments = TcpSegments.of(p, 0, p.length, TSO_100).orElseThrow();

        assertThat(segments.count()).isEqualTo(3);
        int[] lengths = {152, 152, 102};
        int[] flags = {CWR | ACK, ACK, ACK | PSH | FIN};
        int[] ipChecksums = {0x4d71, 0x4d70, 0x4da1};
        int[] tcpChecksums = {0x121a, 0x587d, 0x44dd};
        byte[] out = new byte[200];
        for (int i = 0; i < 3; i++) {
            assertThat(segments.segmentLength(i)).isEqualTo(lengths[i]);
            assertThat(segments.write(i, out, 5)).isEqualTo(lengths[i]);
            assertThat(Ipv4Header.totalLength(out, 5)).isEqualTo(lengths[i]);
            assertThat(TcpPackets.ipId(out, 5)).isEqualTo(0x1234 + i);
            assertThat(TcpPackets.sequence(out, 5)).isEqualTo(FIRST_SEQUENCE + 100 * i);
            assertThat(TcpPackets.flags(out, 5)).isEqualTo(flags[i]);
            assertThat(TcpPackets.ipChecksum(out, 5)).isEqualTo(ipChecksums[i]);
            assertThat(TcpPackets.tcpChecksum(out, 5)).isEqualTo(tcpChecksums[i]);
            assertThat(out[5 + 52]).isEqualTo(TcpPackets.payloadByte(100 * i));
        }
        // The short last segment, byte for byte.
        assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(out, 5, 5 + 102))).isEqualTo(
                "450000661236400040064da1c0a86401ac100a019c4014511122340c55667788801901f644dd00000101080a010203040a0b0c0d"
                        + "7b828990979ea5acb3bac1c8cfd6dde4ebf2f900070e151c232a31383f464d545b626970777e858c939aa1a8afb6bdc4cbd2");
    }

    @Test
    void ipv4OptionsAreCopiedOntoEverySegment() {
        byte[] p = superPacket(ROUTER_ALERT);
        TcpSegments segments = TcpSegments.of(p, 0, p.length,
                new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM, VirtioNetHeader.GSO_TCPV4, 56, 100, 24, 16))
                .orElseThrow();

        int[] ipChecksums = {0xb868, 0xb867, 0xb898};
        int[] tcpChecksums = {0x121a, 0x587d, 0x44dd};
        byte[] out = new byte[200];
        for (int i = 0; i < 3; i++) {
            int length = segments.write(i, out, 0);
            assertThat(length).isEqualTo(i < 2 ? 156 : 106);
            assertThat(Ipv4Header.headerLength(out, 0)).isEqualTo(24);
            assertThat(Arrays.copyOfRange(out, 20, 24)).isEqualTo(ROUTER_ALERT);
            assertThat(TcpPackets.ipChecksum(out, 0)).isEqualTo(ipChecksums[i]);
            assertThat(TcpPackets.tcpChecksum(out, 0)).isEqualTo(tcpChecksums[i]);
        }
    }

    @Test
    void payloadAnExactMultipleOfTheMssHasNoShortSegment() {
        byte[] p = TcpPackets.build(new byte[0], 7, 0, 300, ACK);
        TcpSegments segments = TcpSegments.of(p, 0, p.length, TSO_100).orElseThrow();
        assertThat(segments.count()).isEqualTo(3);
        byte[] out = new byte[200];
        assertThat(segments.write(2, out, 0)).isEqualTo(152);
        assertThat(TcpPackets.tcpChecksumValid(out, 0)).isTrue();
    }

    @Test
    void ipIdentificationWrapsAround() {
        byte[] p = TcpPackets.build(new byte[0], 0xFFFF, 0, 150, ACK);
        TcpSegments segments = TcpSegments.of(p, 0, p.length, TSO_100).orElseThrow();
        byte[] out = new byte[200];
        segments.write(1, out, 0);
        assertThat(TcpPackets.ipId(out, 0)).isZero();
        assertThat(InternetChecksum.of(out, 0, 20)).isZero();
    }

    @Test
    void ecnSegmentationIsAccepted() {
        byte[] p = superPacket(new byte[0]);
        assertThat(TcpSegments.of(p, 0, p.length, new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM,
                VirtioNetHeader.GSO_TCPV4 | VirtioNetHeader.GSO_ECN, 52, 100, 20, 16))).isPresent();
    }

    @Test
    void otherSegmentationTypesAreRejected() {
        byte[] p = superPacket(new byte[0]);
        for (int type : new int[] {VirtioNetHeader.GSO_NONE, VirtioNetHeader.GSO_UDP, VirtioNetHeader.GSO_TCPV6,
            VirtioNetHeader.GSO_UDP_L4}) {
            assertThat(TcpSegments.of(p, 0, p.length, new VirtioNetHeader(1, type, 52, 100, 20, 16)))
                    .as("type %d", type).isEmpty();
        }
    }

    @Test
    void inconsistentSuperPacketsAreRejected() {
        byte[] good = superPacket(new byte[0]);
        assertThat(TcpSegments.of(good, 0, good.length, new VirtioNetHeader(1, 1, 52, 0, 20, 16))).as("gso size 0")
                .isEmpty();
        assertThat(TcpSegments.of(good, 0, good.length - 1, TSO_100)).as("read shorter than IP length").isEmpty();
        assertThat(TcpSegments.of(good, 0, good.length, new VirtioNetHeader(1, 1, 52, 100, 24, 16)))
                .as("checksum start not at the TCP header").isEmpty();

        byte[] udp = superPacket(new byte[0]);
        udp[9] = 17;
        assertThat(TcpSegments.of(udp, 0, udp.length, TSO_100)).as("not TCP").isEmpty();

        byte[] fragment = superPacket(new byte[0]);
        fragment[6] = 0x20;
        assertThat(TcpSegments.of(fragment, 0, fragment.length, TSO_100)).as("more fragments").isEmpty();

        byte[] shortTcp = superPacket(new byte[0]);
        shortTcp[32] = 0x40; // data offset 4 words
        assertThat(TcpSegments.of(shortTcp, 0, shortTcp.length, TSO_100)).as("TCP header under 20 bytes").isEmpty();

        byte[] headersOnly = TcpPackets.build(new byte[0], 1, 0, 0, ACK);
        assertThat(TcpSegments.of(headersOnly, 0, headersOnly.length, TSO_100)).as("no payload").isEmpty();

        byte[] hugeTcpHeader = TcpPackets.build(new byte[0], 1, 0, 10, ACK);
        hugeTcpHeader[32] = (byte) 0xF0; // 60 bytes, beyond the packet
        assertThat(TcpSegments.of(hugeTcpHeader, 0, hugeTcpHeader.length, TSO_100)).as("TCP header beyond packet")
                .isEmpty();
    }

    @Test
    void partialUdpChecksumIsCompletedToTheKnownAnswer() {
        // UDP 4500 -> 4500 "hello"; tcpdump -vv: "udp sum ok" with be1e.
        byte[] p = HexFormat.of().parseHex("45000021000740004011600ac0a86401ac100a0111941194000dbe1e68656c6c6f");
        int partial = InternetChecksum.fold(InternetChecksum.ipv4PseudoHeader(Ipv4Header.source(p, 0),
                Ipv4Header.destination(p, 0), 17, 13));
        p[26] = (byte) (partial >>> 8);
        p[27] = (byte) partial;

        assertThat(TcpSegments.completeChecksum(p, 0, p.length,
                new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM, 0, 0, 0, 20, 6))).isTrue();
        assertThat((p[26] & 0xFF) << 8 | (p[27] & 0xFF)).isEqualTo(0xbe1e);
    }

    @Test
    void completedChecksumOfZeroIsSentAsAllOnes() {
        byte[] p = {(byte) 0xFF, (byte) 0xFF, 0, 0};
        assertThat(TcpSegments.completeChecksum(p, 0, 4, new VirtioNetHeader(1, 0, 0, 0, 0, 2))).isTrue();
        assertThat(p).containsExactly(0xFF, 0xFF, 0xFF, 0xFF);
    }

    @Test
    void checksumOffsetsOutsideThePacketAreRefused() {
        byte[] p = new byte[30];
        assertThat(TcpSegments.completeChecksum(p, 0, 30, new VirtioNetHeader(1, 0, 0, 0, 30, 0))).isFalse();
        assertThat(TcpSegments.completeChecksum(p, 0, 30, new VirtioNetHeader(1, 0, 0, 0, 20, 9))).isFalse();
        assertThat(TcpSegments.completeChecksum(p, 0, 30, new VirtioNetHeader(1, 0, 0, 0, 0xFFFF, 0xFFFF))).isFalse();
        assertThat(p).containsOnly(0);
    }
}
