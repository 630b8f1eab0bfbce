package io.vpnplane.agent.dataplane;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The data plane's own UDP 4500 socket: sends ESP from the packet array (a TCP super-packet's segments
 * as one train with {@code UDP_SEGMENT}) and receives on a dedicated thread in {@code recvmmsg} batches
 * (trains coalesced by {@code UDP_GRO}); each batch is one {@link EspDataPlane.InboundBatch}, so the
 * TCP segments it decrypts can leave through the TUN device as one super-packet. Used when the agent
 * runs ESP without the IKE engine's sockets (the agent-to-agent tests and benchmarks); IKE messages on
 * it go to {@link EspDataPlane}'s IKE sink.
 */
public final class EspSocket implements EspTransport, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EspSocket.class.getName());
    private static final int POLL_MILLIS = 200;
    private static final int SLOTS = 8;

    /** Whether to use UDP segmentation and receive coalescing (each falls back by itself if refused). */
    public enum Offload {
        NONE, SEGMENTATION
    }

    private final UdpSocket socket;
    private volatile boolean running;
    private Thread receiver;

    private EspSocket(UdpSocket socket) {
        this.socket = socket;
    }

    /** Binds the socket in the calling thread's network namespace. */
    public static EspSocket bind(InetSocketAddress local, Offload offload) throws IOException {
        return new EspSocket(UdpSocket.bind(local,
                offload == Offload.SEGMENTATION ? UdpSocket.Offload.SEGMENTATION : UdpSocket.Offload.NONE, SLOTS));
    }

    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    /** The offload actually in use on both sides of the socket. */
    public Offload offload() {
        return socket.sendsSegmented() && socket.receivesCoalesced() ? Offload.SEGMENTATION : Offload.NONE;
    }

    @Override
    public void send(Tunnel tunnel, byte[] buf, int off, int length) throws IOException {
        socket.send(buf, off, length, tunnel.peer());
    }

    @Override
    public void sendTrain(Tunnel tunnel, byte[] buf, int off, int packetLength, int totalLength) throws IOException {
        socket.sendSegments(buf, off, packetLength, totalLength, tunnel.peer());
    }

    /** Starts the receive thread feeding {@code plane}. */
    public synchronized void start(EspDataPlane plane) {
        running = true;
        receiver = Thread.ofPlatform().name("esp-in").daemon().start(() -> receiveLoop(plane));
    }

    private void receiveLoop(EspDataPlane plane) {
        byte[] buf = new byte[UdpSocket.SLOT];
        EspDataPlane.InboundBatch batch = plane.inboundBatch();
        while (running) {
            try {
                socket.receive(buf, POLL_MILLIS, (datagram, length, from) -> {
                    try {
                        batch.receiveDatagram(datagram, length, from);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.WARNING, "inbound datagram dropped", e);
                    }
                });
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "inbound datagram dropped", e);
                }
            }
            try {
                batch.flush();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "decrypted packets could not be written to the TUN device", e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (receiver != null) {
            try {
                receiver.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
    }
}
