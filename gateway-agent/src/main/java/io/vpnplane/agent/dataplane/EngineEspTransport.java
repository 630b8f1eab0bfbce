package io.vpnplane.agent.dataplane;

import io.vpnplane.agent.ike.transport.EspPacketSink;
import io.vpnplane.agent.ike.transport.UdpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ESP over the IKE engine's NAT-T sockets (port 4500 shared with IKE, RFC 3948): the engine's
 * {@link UdpTransport} hands ESP datagrams to this sink, which gives them to the data plane, and the
 * data plane sends through it. Created before the engine (which needs the sink) and attached once
 * both exist. The engine hands over each burst of datagrams followed by {@link #endOfBatch}, so the TCP
 * segments of a burst can be coalesced into one TUN write ({@link EspDataPlane.InboundBatch}).
 */
public final class EngineEspTransport implements EspTransport, EspPacketSink {

    private static final Logger LOG = Logger.getLogger(EngineEspTransport.class.getName());

    private volatile Optional<UdpTransport> udp = Optional.empty();
    /** The engine's single receive thread is the only user of the batch. */
    private volatile Optional<EspDataPlane.InboundBatch> batch = Optional.empty();

    public void attach(UdpTransport transport, EspDataPlane dataPlane) {
        this.udp = Optional.of(transport);
        this.batch = Optional.of(dataPlane.inboundBatch());
    }

    @Override
    public void send(Tunnel tunnel, byte[] buf, int off, int length) {
        // UdpTransport sends whole arrays: one copy per packet is the price of sharing the engine's socket.
        udp.ifPresent(t -> t.sendEsp(tunnel.local(), tunnel.peer(), Arrays.copyOfRange(buf, off, off + length)));
    }

    @Override
    public void receive(InetSocketAddress local, InetSocketAddress remote, byte[] espPacket) {
        batch.ifPresent(b -> {
            try {
                b.receiveEsp(espPacket, 0, espPacket.length);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "decrypted packet could not be written to the TUN device", e);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ESP packet from " + remote + " dropped", e);
            }
        });
    }

    @Override
    public void endOfBatch() {
        batch.ifPresent(b -> {
            try {
                b.flush();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "decrypted packets could not be written to the TUN device", e);
            }
        });
    }
}
