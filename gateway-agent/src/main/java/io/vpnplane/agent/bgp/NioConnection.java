package io.vpnplane.agent.bgp;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.BgpConnection;
import io.vpnplane.agent.bgp.session.BgpSession;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * A session's TCP connection on the speaker's selector. Writes that the socket does not take
 * at once are queued and flushed on OP_WRITE; {@link #close()} flushes first, so a
 * NOTIFICATION queued just before reaches the peer.
 */
final class NioConnection implements BgpConnection {

    private static final System.Logger LOG = System.getLogger(NioConnection.class.getName());

    private final BgpSpeaker speaker;
    private final BgpSession session;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private final int localAddress;
    private boolean closing;
    private boolean closed;

    private NioConnection(BgpSpeaker speaker, BgpSession session, SocketChannel channel, SelectionKey key, int localAddress) {
        this.speaker = speaker;
        this.session = session;
        this.channel = channel;
        this.key = key;
        this.localAddress = localAddress;
    }

    static NioConnection register(BgpSpeaker speaker, BgpSession session, SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        int address = local.getAddress() instanceof Inet4Address v4 ? Ipv4Prefix.toInt(v4) : 0;
        // A connect that just completed already has a key on this selector: reuse it.
        SelectionKey existing = channel.keyFor(speaker.selector());
        SelectionKey key = existing != null && existing.isValid() ? existing : channel.register(speaker.selector(), SelectionKey.OP_READ);
        key.interestOps(SelectionKey.OP_READ);
        NioConnection connection = new NioConnection(speaker, session, channel, key, address);
        key.attach(connection);
        return connection;
    }

    @Override
    public void send(byte[] message) {
        if (closed || closing) {
            return;
        }
        pending.add(ByteBuffer.wrap(message));
        if (pending.size() == 1) {
            try {
                flush();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "write failed: {0}", e.toString());
                broken();
            }
        }
    }

    void flush() throws IOException {
        while (!pending.isEmpty()) {
            ByteBuffer head = pending.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                return;
            }
            pending.poll();
        }
        if (key.isValid()) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
        if (closing) {
            shut();
        }
    }

    void read() throws IOException {
        ByteBuffer buffer = speaker.readBuffer();
        buffer.clear();
        int count = channel.read(buffer);
        if (count < 0) {
            broken();
            return;
        }
        if (count > 0) {
            buffer.flip();
            session.received(this, buffer);
        }
    }

    /** The peer closed or the socket failed: tell the session, once. */
    void broken() {
        if (closed) {
            return;
        }
        shut();
        session.closed(this);
    }

    @Override
    public void close() {
        if (closed || closing) {
            return;
        }
        closing = true;
        if (pending.isEmpty()) {
            shut();
        } else {
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private void shut() {
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing after the session gave the connection up: nothing depends on it.
        }
    }

    @Override
    public int localAddress() {
        return localAddress;
    }
}
