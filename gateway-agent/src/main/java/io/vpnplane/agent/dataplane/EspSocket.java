package io.vpnplane.agent.dataplane;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The data plane's own UDP 4500 socket: sends ESP straight from the packet array and receives into one
 * reused array on a dedicated thread (no per-packet allocation). Used when the agent runs ESP without
 * the IKE engine's sockets (the agent-to-agent tests and benchmarks); IKE messages on it go to
 * {@link EspDataPlane}'s IKE sink.
 */
public final class EspSocket implements EspTransport, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EspSocket.class.getName());

    private final DatagramChannel channel;
    private final Object sendLock = new Object();
    private volatile boolean running;
    private Thread receiver;

    public EspSocket(DatagramChannel channel) {
        this.channel = channel;
    }

    @Override
    public void send(Tunnel tunnel, byte[] buf, int off, int length) throws IOException {
        synchronized (sendLock) {
            channel.send(ByteBuffer.wrap(buf, off, length), tunnel.peer());
        }
    }

    /** Starts the receive thread feeding {@code plane}. */
    public synchronized void start(EspDataPlane plane) {
        running = true;
        receiver = Thread.ofPlatform().name("esp-in").daemon().start(() -> receiveLoop(plane));
    }

    private void receiveLoop(EspDataPlane plane) {
        byte[] buf = new byte[EspDataPlane.BUFFER];
        ByteBuffer view = ByteBuffer.wrap(buf);
        while (running) {
            try {
                view.clear();
                SocketAddress from = channel.receive(view);
                if (from != null) {
                    plane.receiveDatagram(buf, view.position(), (InetSocketAddress) from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "inbound datagram dropped", e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        channel.close();
        if (receiver != null) {
            try {
                receiver.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
