package io.vpnplane.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: the FFM UDP socket on loopback: segmented sends (UDP_SEGMENT) arrive as the datagrams they
 * stand for, whether the receiver coalesces (UDP_GRO) or not, the plain socket sends them one by one,
 * a train the kernel refuses to segment goes datagram by datagram, and one receive call drains several
 * datagrams (recvmmsg).
 */
class UdpSocketTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private record Datagram(byte[] bytes, InetSocketAddress from) {
    }

    /** A train of 3 datagrams: 100, 100 and 50 bytes, each filled with its index. */
    private static byte[] train() {
        byte[] train = new byte[250];
        for (int i = 0; i < train.length; i++) {
            train[i] = (byte) (i / 100 + 1);
        }
        return train;
    }

    private static List<Datagram> receiveAll(UdpSocket socket, int expected) throws Exception {
        List<Datagram> received = new ArrayList<>();
        byte[] buf = new byte[UdpSocket.SLOT];
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (received.size() < expected && System.nanoTime() < deadline) {
            socket.receive(buf, 100, (b, length, from) -> received.add(new Datagram(Arrays.copyOf(b, length), from)));
        }
        return received;
    }

    private static void assertTrain(List<Datagram> received, InetSocketAddress sender) {
        assertThat(received).extracting(d -> d.bytes().length).containsExactly(100, 100, 50);
        for (int i = 0; i < 3; i++) {
            assertThat(received.get(i).bytes()).containsOnly(i + 1);
            assertThat(received.get(i).from()).isEqualTo(sender);
        }
    }

    @Test
    void segmentedTrainArrivesAsItsDatagramsAtACoalescingReceiver() throws Exception {
        try (UdpSocket sender = UdpSocket.bind(LOOPBACK, UdpSocket.Offload.SEGMENTATION, 4);
                UdpSocket receiver = UdpSocket.bind(LOOPBACK, UdpSocket.Offload.SEGMENTATION, 4)) {
            assertThat(sender.sendsSegmented()).isTrue();
            assertThat(receiver.receivesCoalesced()).isTrue();
            sender.sendSegments(train(), 0, 100, 250, receiver.localAddress());

            assertTrain(receiveAll(receiver, 3), sender.localAddress());
        }
    }

    @Test
    void segmentedTrainArrivesAsItsDatagramsAtAPlainReceiver() throws Exception {
        try (UdpSocket sender = UdpSocket.bind(LOOPBACK, UdpSocket.Offload.SEGMENTATION, 4);
                UdpSocket receiver = UdpSocket.bind(LOOPBACK, UdpSocket.Offload.NONE, 4)) {
            assertThat(receiver.receivesCoalesced()).isFalse();
            sender.sendSegments(train(), 0, 100, 250, receiver.localAddress());

            assertTrain(receiveAll(receiver, 3), sender.localAddress());
        }
    }

    @Test
    void plainSocketSendsATrainDatagramByDatagram() throws Exception {
        try (UdpSocket sender = UdpSocket.bind(LOOPBACK, UdpSocket.Offload.NONE, 4);
                UdpSocket receiver = UdpSocket.bind(LOOPBACK, UdpSocket.Offload.SEGMENTATION, 4)) {
            assertThat(sender.sendsSegmented()).isFalse();
            byte[] buf = new byte[300];
            System.arraycopy(train(), 0, buf, 7, 250);
            sender.sendSegments(buf, 7, 100, 250, receiver.localAddress());

            assertTrain(receiveAll(receiver, 3), sender.localAddress());
        }
    }

    @Test
    void segmentsLongerThanTheMtuFallBackToSingleDatagrams() throws Exception {
        assumeTrue(ScratchNamespace.isRoot(), "network namespaces need root");
        try (ScratchNamespace ns = ScratchNamespace.create("udpmtu")) {
            ns.ip("link", "set", "lo", "mtu", "1500");
            record Pair(UdpSocket sender, UdpSocket receiver) {
            }
            Pair pair = NetworkNamespace.call(ns.name(), () -> new Pair(
                    UdpSocket.bind(LOOPBACK, UdpSocket.Offload.SEGMENTATION, 4),
                    UdpSocket.bind(LOOPBACK, UdpSocket.Offload.NONE, 4)));
            try (UdpSocket sender = pair.sender(); UdpSocket receiver = pair.receiver()) {
                byte[] train = new byte[5000];
                Arrays.fill(train, 0, 2000, (byte) 1);
                Arrays.fill(train, 2000, 4000, (byte) 2);
                Arrays.fill(train, 4000, 5000, (byte) 3);
                // The kernel refuses 2000-byte segments on a 1500-byte MTU (EMSGSIZE); they go as fragmented datagrams.
                sender.sendSegments(train, 0, 2000, 5000, receiver.localAddress());

                List<Datagram> received = receiveAll(receiver, 3);
                assertThat(received).extracting(d -> d.bytes().length).containsExactly(2000, 2000, 1000);
                assertThat(received.get(1).bytes()).containsOnly(2);
                assertThat(sender.sendsSegmented()).as("still segments trains that fit").isTrue();

                sender.sendSegments(train, 0, 1000, 3000, receiver.localAddress());
                assertThat(receiveAll(receiver, 3)).extracting(d -> d.bytes().length).containsExactly(1000, 1000, 1000);
            }
        }
    }

    @Test
    void oneReceiveCallDrainsSeveralDatagrams() throws Exception {
        try (UdpSocket sender = UdpSocket.bind(LOOPBACK, UdpSocket.Offload.NONE, 8);
                UdpSocket receiver = UdpSocket.bind(LOOPBACK, UdpSocket.Offload.NONE, 8)) {
            for (int i = 0; i < 5; i++) {
                sender.send(new byte[] {(byte) i, 9, 9}, 0, 1 + i % 3, receiver.localAddress());
            }
            Thread.sleep(50);
            List<Datagram> received = new ArrayList<>();
            int count = receiver.receive(new byte[UdpSocket.SLOT], 1_000,
                    (b, length, from) -> received.add(new Datagram(Arrays.copyOf(b, length), from)));

            assertThat(count).isEqualTo(5);
            assertThat(received).extracting(d -> d.bytes()[0]).containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 3,
                    (byte) 4);
            assertThat(received).extracting(d -> d.bytes().length).containsExactly(1, 2, 3, 1, 2);
        }
    }

    @Test
    void receiveTimesOutWithNothingAndAfterClose() throws Exception {
        UdpSocket socket = UdpSocket.bind(LOOPBACK, UdpSocket.Offload.SEGMENTATION, 2);
        assertThat(socket.receive(new byte[UdpSocket.SLOT], 50, (b, length, from) -> {
            throw new AssertionError("nothing was sent");
        })).isZero();
        socket.close();
        assertThat(socket.receive(new byte[UdpSocket.SLOT], 50, (b, length, from) -> {
            throw new AssertionError("closed");
        })).isZero();
    }
}
