package io.vpnplane.agent.ike.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UdpTransportTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void natTraversalPortSeparatesIkeEspAndKeepalives() throws Exception {
        BlockingQueue<byte[]> ike = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> esp = new LinkedBlockingQueue<>();
        try (UdpTransport transport = new UdpTransport(Set.of(LOOPBACK), 25500, 25501,
                (local, remote, message) -> ike.add(message), (local, remote, packet) -> esp.add(packet));
             DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            InetSocketAddress ikePort = new InetSocketAddress(LOOPBACK, 25500);
            InetSocketAddress natPort = new InetSocketAddress(LOOPBACK, 25501);

            peer.send(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), ikePort);
            assertThat(ike.poll(2, TimeUnit.SECONDS)).containsExactly(1, 2, 3, 4, 5);

            peer.send(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 7, 8}), natPort); // non-ESP marker + IKE
            assertThat(ike.poll(2, TimeUnit.SECONDS)).containsExactly(7, 8);

            peer.send(ByteBuffer.wrap(new byte[] {(byte) 0xff}), natPort); // NAT keepalive: dropped
            byte[] espPacket = {0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1, 9, 9};
            peer.send(ByteBuffer.wrap(espPacket), natPort);
            assertThat(esp.poll(2, TimeUnit.SECONDS)).containsExactly(espPacket);
            assertThat(ike).isEmpty();

            transport.send(natPort, (InetSocketAddress) peer.getLocalAddress(), new byte[] {42});
            ByteBuffer received = ByteBuffer.allocate(16);
            peer.receive(received);
            assertThat(received.flip().remaining()).isEqualTo(5);
            assertThat(received.getInt()).isZero(); // the marker
            assertThat(received.get()).isEqualTo((byte) 42);
        }
    }
}
