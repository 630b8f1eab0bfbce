package io.vpnplane.agent.dataplane;

import static io.vpnplane.agent.dataplane.TcpPackets.ACK;
import static io.vpnplane.agent.dataplane.TcpPackets.FIN;
import static io.vpnplane.agent.dataplane.TcpPackets.PSH;
import static io.vpnplane.agent.dataplane.TcpPackets.ROUTER_ALERT;
import static io.vpnplane.agent.dataplane.TcpPackets.SYN;
import static io.vpnplane.agent.dataplane.TcpPackets.URG;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: the receive side's coalescing of decrypted TCP/IPv4 segments into one TUN write with a
 * {@code GSO_TCPV4} virtio_net_hdr (the rules of Linux's TCP GRO), and everything else written as it
 * came behind a plain header.
 */
class TcpCoalescerTest {

    private static final byte[] NO_OPTIONS = new byte[0];

    private final List<byte[]> written = new ArrayList<>();
    private TcpCoalescer coalescer;

    @BeforeEach
    void setUp() {
        coalescer = new TcpCoalescer((buf, off, length) -> written.add(Arrays.copyOfRange(buf, off, off + length)));
    }

    private void offer(byte[] packet) throws Exception {
        // Offered from inside a larger buffer, as decrypted packets are.
        byte[] buf = new byte[packet.length + 40];
        System.arraycopy(packet, 0, buf, 24, packet.length);
        coalescer.offer(buf, 24, packet.length);
    }

    private static VirtioNetHeader header(byte[] write) {
        return VirtioNetHeader.read(write, 0);
    }

    private static byte[] ip(byte[] write) {
        return Arrays.copyOfRange(write, VirtioNetHeader.LENGTH, write.length);
    }

    @Test
    void inOrderSegmentsLeaveAsOneSuperPacketThatSegmentsBackIntoThemselves() throws Exception {
        byte[][] segments = {
            TcpPackets.segment(NO_OPTIONS, 0x1234, 0, 100, ACK),
            TcpPackets.segment(NO_OPTIONS, 0x1235, 100, 100, ACK),
            TcpPackets.segment(NO_OPTIONS, 0x1236, 200, 50, ACK | PSH),
        };
        for (byte[] segment : segments) {
            offer(segment);
        }
        assertThat(written).isEmpty();
        coalescer.flush();

        assertThat(written).hasSize(1);
        VirtioNetHeader header = header(written.get(0));
        assertThat(header).isEqualTo(new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM, VirtioNetHeader.GSO_TCPV4,
                52, 100, 20, 16));
        byte[] merged = ip(written.get(0));
        assertThat(merged).hasSize(52 + 250);
        assertThat(Ipv4Header.totalLength(merged, 0)).isEqualTo(302);
        assertThat(InternetChecksum.of(merged, 0, 20)).isZero();
        assertThat(TcpPackets.flags(merged, 0)).isEqualTo(ACK | PSH);
        int pseudo = InternetChecksum.fold(InternetChecksum.ipv4PseudoHeader(TcpPackets.SOURCE, TcpPackets.DESTINATION,
                6, 282));
        assertThat(TcpPackets.tcpChecksum(merged, 0)).isEqualTo(pseudo);
        for (int i = 0; i < 250; i++) {
            assertThat(merged[52 + i]).isEqualTo(TcpPackets.payloadByte(i));
        }

        // What the kernel would do with it if it forwarded it on: the same three segments again.
        TcpSegments again = TcpSegments.of(merged, 0, merged.length, header).orElseThrow();
        assertThat(again.count()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            byte[] out = new byte[segments[i].length];
            again.write(i, out, 0);
            assertThat(out).as("segment %d", i).isEqualTo(segments[i]);
        }
    }

    @Test
    void aSingleSegmentIsWrittenWithAPlainHeaderAndUnchanged() throws Exception {
        byte[] segment = TcpPackets.segment(NO_OPTIONS, 1, 0, 100, ACK);
        offer(segment);
        coalescer.flush();

        assertThat(written).hasSize(1);
        assertThat(header(written.get(0))).isEqualTo(VirtioNetHeader.NONE);
        assertThat(ip(written.get(0))).isEqualTo(segment);
    }

    @Test
    void aGapInSequenceNumbersStartsANewPacket() throws Exception {
        offer(TcpPackets.segment(NO_OPTIONS, 1, 0, 100, ACK));
        offer(TcpPackets.segment(NO_OPTIONS, 2, 200, 100, ACK)); // 100..200 lost or reordered
        offer(TcpPackets.segment(NO_OPTIONS, 3, 300, 100, ACK));
        coalescer.flush();

        assertThat(written).hasSize(2);
        assertThat(header(written.get(0))).isEqualTo(VirtioNetHeader.NONE);
        assertThat(TcpPackets.sequence(ip(written.get(1)), 0)).isEqualTo(TcpPackets.FIRST_SEQUENCE + 200);
        assertThat(ip(written.get(1))).hasSize(52 + 200);
    }

    @Test
    void nothingFollowsAShortSegmentOrPsh() throws Exception {
        offer(TcpPackets.segment(NO_OPTIONS, 1, 0, 100, ACK));
        offer(TcpPackets.segment(NO_OPTIONS, 2, 100, 60, ACK));
        offer(TcpPackets.segment(NO_OPTIONS, 3, 160, 60, ACK | PSH));
        offer(TcpPackets.segment(NO_OPTIONS, 4, 220, 60, ACK));
        coalescer.flush();

        assertThat(written).extracting(w -> ip(w).length).containsExactly(52 + 160, 52 + 60, 52 + 60);
    }

    @Test
    void aLongerSegmentThanTheFirstIsNotAppended() throws Exception {
        offer(TcpPackets.segment(NO_OPTIONS, 1, 0, 60, ACK));
        offer(TcpPackets.segment(NO_OPTIONS, 2, 60, 100, ACK));
        coalescer.flush();

        assertThat(written).extracting(w -> ip(w).length).containsExactly(52 + 60, 52 + 100);
    }

    @Test
    void anotherFlowFlushesThePendingPacketFirst() throws Exception {
        byte[] other = TcpPackets.segment(NO_OPTIONS, 2, 100, 100, ACK);
        other[19] = 2; // another destination address
        Ipv4Header.updateChecksum(other, 0);
        fixTcpChecksum(other);
        offer(TcpPackets.segment(NO_OPTIONS, 1, 0, 100, ACK));
        offer(other);
        coalescer.flush();

        assertThat(written).extracting(w -> Ipv4Header.destination(ip(w), 0)).containsExactly(
                TcpPackets.DESTINATION, TcpPackets.DESTINATION + 1);
    }

    @Test
    void differentAckWindowOrTimestampIsNotMerged() throws Exception {
        for (int field : new int[] {28, 34, 44}) { // ack number, window, TS value
            written.clear();
            byte[] next = TcpPackets.segment(NO_OPTIONS, 2, 100, 100, ACK);
            next[field + 1]++;
            fixTcpChecksum(next);
            offer(TcpPackets.segment(NO_OPTIONS, 1, 0, 100, ACK));
            offer(next);
            coalescer.flush();
            assertThat(written).as("field at %d", field).hasSize(2);
        }
    }

    @Test
    void badTcpChecksumIsNeverMergedButStillDelivered() throws Exception {
        byte[] corrupt = TcpPackets.segment(NO_OPTIONS, 2, 100, 100, ACK);
        corrupt[60] ^= 1;
        offer(TcpPackets.segment(NO_OPTIONS, 1, 0, 100, ACK));
        offer(corrupt);
        offer(TcpPackets.segment(NO_OPTIONS, 3, 200, 100, ACK));
        coalescer.flush();

        assertThat(written).hasSize(3);
        assertThat(ip(written.get(1))).isEqualTo(corrupt);
        assertThat(header(written.get(1))).isEqualTo(VirtioNetHeader.NONE);
    }

    @Test
    void packetsOutsideTheRulesAreWrittenAsTheyCameInOrder() throws Exception {
        byte[] withOptions = TcpPackets.segment(ROUTER_ALERT, 1, 0, 100, ACK);
        byte[] fin = TcpPackets.segment(NO_OPTIONS, 2, 100, 100, ACK | FIN);
        byte[] syn = TcpPackets.segment(NO_OPTIONS, 3, 200, 100, ACK | SYN);
        byte[] urgent = TcpPackets.segment(NO_OPTIONS, 4, 300, 100, ACK | URG);
        byte[] pureAck = TcpPackets.segment(NO_OPTIONS, 5, 400, 0, ACK);
        byte[] notDf = TcpPackets.segment(NO_OPTIONS, 6, 400, 100, ACK);
        notDf[6] = 0;
        Ipv4Header.updateChecksum(notDf, 0);
        byte[] udp = TcpPackets.segment(NO_OPTIONS, 7, 500, 100, ACK);
        udp[9] = 17;
        Ipv4Header.updateChecksum(udp, 0);
        List<byte[]> packets = List.of(withOptions, fin, syn, urgent, pureAck, notDf, udp);
        for (byte[] packet : packets) {
            offer(packet);
        }
        coalescer.flush();

        assertThat(written).hasSize(packets.size());
        for (int i = 0; i < packets.size(); i++) {
            assertThat(header(written.get(i))).isEqualTo(VirtioNetHeader.NONE);
            assertThat(ip(written.get(i))).as("packet %d", i).isEqualTo(packets.get(i));
        }
    }

    @Test
    void aSuperPacketStopsShortOf64KiB() throws Exception {
        int mss = 1360;
        for (int i = 0; i < 60; i++) {
            offer(TcpPackets.segment(NO_OPTIONS, i, i * mss, mss, ACK));
        }
        coalescer.flush();

        int perPacket = (65_535 - 52) / mss; // 48 segments fit
        assertThat(written).extracting(w -> ip(w).length).containsExactly(52 + perPacket * mss,
                52 + (60 - perPacket) * mss);
        assertThat(header(written.get(1)).gsoSize()).isEqualTo(mss);
    }

    @Test
    void flushWithNothingPendingWritesNothing() throws Exception {
        coalescer.flush();
        offer(TcpPackets.segment(NO_OPTIONS, 1, 0, 100, ACK));
        coalescer.flush();
        coalescer.flush();
        assertThat(written).hasSize(1);
    }

    private static void fixTcpChecksum(byte[] p) {
        p[36] = 0;
        p[37] = 0;
        long pseudo = InternetChecksum.ipv4PseudoHeader(Ipv4Header.source(p, 0), Ipv4Header.destination(p, 0), 6,
                p.length - 20);
        int checksum = InternetChecksum.finish(InternetChecksum.sum(p, 20, p.length - 20, pseudo));
        p[36] = (byte) (checksum >>> 8);
        p[37] = (byte) checksum;
    }
}
