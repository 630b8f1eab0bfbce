package io.vpnplane.agent.dataplane;

import java.util.HexFormat;

/**
 * TCP/IPv4 test packets: 192.168.100.1:40000 → 172.16.10.1:5201, ack 0x55667788, window 502, the
 * timestamp option (NOP NOP TS 0x01020304 0x0a0b0c0d), payload byte {@code i} = {@code 7 i + 3} counted
 * from sequence number 0x11223344. The checksums of these exact bytes were checked with
 * {@code tcpdump -vv} (see {@link TcpSegmentsTest}).
 */
final class TcpPackets {

    static final int SOURCE = Ipv4Header.parseAddress("192.168.100.1");
    static final int DESTINATION = Ipv4Header.parseAddress("172.16.10.1");
    static final int FIRST_SEQUENCE = 0x1122_3344;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;
    static final int CWR = 0x80;
    static final byte[] ROUTER_ALERT = {(byte) 0x94, 4, 0, 0};
    private static final byte[] TIMESTAMPS = HexFormat.of().parseHex("0101080a010203040a0b0c0d");

    private TcpPackets() {
    }

    static byte payloadByte(int streamOffset) {
        return (byte) (streamOffset * 7 + 3);
    }

    /** A packet with complete checksums carrying stream bytes {@code [from, from + length)}. */
    static byte[] segment(byte[] ipOptions, int ipId, int from, int length, int flags) {
        byte[] p = build(ipOptions, ipId, from, length, flags);
        int ip = 20 + ipOptions.length;
        long pseudo = InternetChecksum.ipv4PseudoHeader(SOURCE, DESTINATION, 6, p.length - ip);
        int checksum = InternetChecksum.finish(InternetChecksum.sum(p, ip, p.length - ip, pseudo));
        p[ip + 16] = (byte) (checksum >>> 8);
        p[ip + 17] = (byte) checksum;
        return p;
    }

    /** The same with the TCP checksum field left 0 (a TSO super-packet's holds only a partial sum anyway). */
    static byte[] build(byte[] ipOptions, int ipId, int from, int length, int flags) {
        int ip = 20 + ipOptions.length;
        byte[] p = new byte[ip + 32 + length];
        p[0] = (byte) (0x40 | ip / 4);
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[4] = (byte) (ipId >>> 8);
        p[5] = (byte) ipId;
        p[6] = 0x40;
        p[8] = 64;
        p[9] = 6;
        Ipv4Header.writeInt(p, 12, SOURCE);
        Ipv4Header.writeInt(p, 16, DESTINATION);
        System.arraycopy(ipOptions, 0, p, 20, ipOptions.length);
        Ipv4Header.updateChecksum(p, 0);
        p[ip] = (byte) (40000 >>> 8);
        p[ip + 1] = (byte) 40000;
        p[ip + 2] = (byte) (5201 >>> 8);
        p[ip + 3] = (byte) 5201;
        Ipv4Header.writeInt(p, ip + 4, FIRST_SEQUENCE + from);
        Ipv4Header.writeInt(p, ip + 8, 0x5566_7788);
        p[ip + 12] = (byte) 0x80;
        p[ip + 13] = (byte) flags;
        p[ip + 14] = (byte) (502 >>> 8);
        p[ip + 15] = (byte) 502;
        System.arraycopy(TIMESTAMPS, 0, p, ip + 20, TIMESTAMPS.length);
        for (int i = 0; i < length; i++) {
            p[ip + 32 + i] = payloadByte(from + i);
        }
        return p;
    }

    static int tcpChecksum(byte[] p, int off) {
        int at = off + Ipv4Header.headerLength(p, off) + 16;
        return (p[at] & 0xFF) << 8 | (p[at + 1] & 0xFF);
    }

    static int ipChecksum(byte[] p, int off) {
        return (p[off + 10] & 0xFF) << 8 | (p[off + 11] & 0xFF);
    }

    static int flags(byte[] p, int off) {
        return p[off + Ipv4Header.headerLength(p, off) + 13] & 0xFF;
    }

    static int sequence(byte[] p, int off) {
        return Ipv4Header.readInt(p, off + Ipv4Header.headerLength(p, off) + 4);
    }

    static int ipId(byte[] p, int off) {
        return (p[off + 4] & 0xFF) << 8 | (p[off + 5] & 0xFF);
    }

    /** True if the TCP checksum of the packet at {@code p[off...]} verifies. */
    static boolean tcpChecksumValid(byte[] p, int off) {
        int ipHeader = Ipv4Header.headerLength(p, off);
        int tcpLength = Ipv4Header.totalLength(p, off) - ipHeader;
        long pseudo = InternetChecksum.ipv4PseudoHeader(Ipv4Header.source(p, off), Ipv4Header.destination(p, off), 6,
                tcpLength);
        return InternetChecksum.fold(InternetChecksum.sum(p, off + ipHeader, tcpLength, pseudo)) == 0xFFFF;
    }
}
