package io.vpnplane.agent.ike.transport;

import io.vpnplane.agent.ike.IkeTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * UDP sockets for IKE on port 500 and on the NAT-T port 4500 of each local address. On 4500, IKE
 * messages carry the 4-byte zero non-ESP marker (RFC 3948 §2.2), a single 0xFF byte is a NAT
 * keepalive, and anything else is ESP, handed to the {@link EspPacketSink}.
 */
public final class UdpTransport implements IkeTransport, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UdpTransport.class.getName());
    private static final int MAX_DATAGRAM = 65535;
    private static final int DRAIN_LIMIT = 64;

    /** Receives IKE messages (marker removed); called on the receive thread. */
    @FunctionalInterface
    public interface IkeReceiver {
        void receive(InetSocketAddress local, InetSocketAddress remote, byte[] ikeMessage);
    }

    private final int natTraversalPort;
    private final Map<InetSocketAddress, DatagramChannel> channels = new HashMap<>();
    private final Selector selector;
    private final Thread receiver;
    private volatile boolean running = true;

    public UdpTransport(Set<InetAddress> localAddresses, int ikePort, int natTraversalPort, IkeReceiver ike,
                        EspPacketSink esp) throws IOException {
        this.natTraversalPort = natTraversalPort;
        this.selector = Selector.open();
        try {
            for (InetAddress address : localAddresses) {
                for (int port : new int[] {ikePort, natTraversalPort}) {
                    InetSocketAddress local = new InetSocketAddress(address, port);
                    DatagramChannel channel = DatagramChannel.open();
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    channel.bind(local);
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ, local);
                    channels.put(local, channel);
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        receiver = new Thread(() -> receiveLoop(ike, esp), "ike-udp");
        receiver.setDaemon(true);
        receiver.start();
    }

    private void receiveLoop(IkeReceiver ike, EspPacketSink esp) {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (running) {
            try {
                selector.select(500);
                for (SelectionKey key : selector.selectedKeys()) {
                    InetSocketAddress local = (InetSocketAddress) key.attachment();
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    // Drain what is waiting (bounded, so one busy socket cannot starve the others): one select
                    // per burst instead of per datagram, and the ESP sink sees the burst as one batch.
                    for (int i = 0; i < DRAIN_LIMIT; i++) {
                        buffer.clear();
                        InetSocketAddress remote = (InetSocketAddress) channel.receive(buffer);
                        if (remote == null) {
                            break;
                        }
                        buffer.flip();
                        byte[] datagram = new byte[buffer.remaining()];
                        buffer.get(datagram);
                        dispatch(local, remote, datagram, ike, esp);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "UDP receive failed", e);
                }
            } finally {
                esp.endOfBatch();
            }
        }
    }

    private void dispatch(InetSocketAddress local, InetSocketAddress remote, byte[] datagram, IkeReceiver ike,
                          EspPacketSink esp) {
        if (local.getPort() != natTraversalPort) {
            ike.receive(local, remote, datagram);
        } else if (datagram.length == 1 && datagram[0] == (byte) 0xff) {
            return; // NAT keepalive
        } else if (datagram.length >= 4 && datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0 && datagram[3] == 0) {
            ike.receive(local, remote, Arrays.copyOfRange(datagram, 4, datagram.length));
        } else if (datagram.length >= 8) {
            esp.receive(local, remote, datagram);
        }
    }

    @Override
    public void send(InetSocketAddress local, InetSocketAddress remote, byte[] ikeMessage) {
        if (local.getPort() == natTraversalPort) {
            byte[] marked = new byte[ikeMessage.length + 4];
            System.arraycopy(ikeMessage, 0, marked, 4, ikeMessage.length);
            sendRaw(local, remote, marked);
        } else {
            sendRaw(local, remote, ikeMessage);
        }
    }

    @Override
    public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
        sendRaw(local, remote, new byte[] {(byte) 0xff});
    }

    /** Sends an ESP-in-UDP packet from the NAT-T socket of {@code localAddress}; for the ESP layer. */
    public void sendEsp(InetSocketAddress local, InetSocketAddress remote, byte[] espPacket) {
        sendRaw(local, remote, espPacket);
    }

    private void sendRaw(InetSocketAddress local, InetSocketAddress remote, byte[] datagram) {
        DatagramChannel channel = channels.get(local);
        if (channel == null) {
            LOG.warning(() -> "no socket bound to " + local);
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(datagram), remote);
        } catch (IOException e) {
            LOG.log(Level.FINE, "send to " + remote + " failed", e);
        }
    }

    @Override
    public void close() {
        running = false;
        for (DatagramChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "close failed", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
