package io.vpnplane.agent.dataplane;

import io.vpnplane.agent.esp.InboundResult;
import io.vpnplane.agent.esp.InboundSa;
import io.vpnplane.agent.esp.OutboundSa;
import io.vpnplane.agent.esp.Port4500Datagram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The packet loop: TUN → forwarding table → tunnel's outbound SA → UDP 4500, and UDP 4500 → inbound SA
 * (by SPI) → selector check → TUN. IKE messages sharing port 4500 go to the {@link IkeDatagramSink}.
 *
 * <p>The TUN reader thread owns one packet array reused for every packet and ESP is built in place
 * (see {@link OutboundSa} for the layout); inbound packets are decrypted in place on the transport's
 * receive thread. Encryption and decryption of one flow therefore run on two cores; SAs serialise
 * their own use.
 *
 * <p>With a TUN device in {@link TunDevice.Offload#TCP_SEGMENTATION} mode a read may return a TCP
 * super-packet: it is cut into segments ({@link TcpSegments}), each built as its own ESP packet back to
 * back in a train array and handed to the transport as one train ({@link EspTransport#sendTrain}).
 * Inbound, an {@link InboundBatch} merges the TCP segments of one flow it decrypts into one TUN write
 * ({@link TcpCoalescer}).
 */
public final class EspDataPlane implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EspDataPlane.class.getName());
    /** Room before the inner packet for the largest ESP header (SPI, sequence, 16-byte IV). */
    static final int HEADROOM = 64;
    static final int MAX_PACKET = 65_535;
    static final int BUFFER = HEADROOM + MAX_PACKET + 128;
    /** ESP packets of one train: what one UDP send may carry. */
    private static final int TRAIN_BYTES = UdpSocket.MAX_PAYLOAD;
    private static final int POLL_MILLIS = 200;

    /**
     * Data plane counters since start.
     *
     * @param superPacketsRead TCP super-packets the TUN device handed over (each sent as several ESP packets)
     * @param superPacketsWritten coalesced TCP super-packets written to the TUN device
     */
    public record Statistics(long noRoute, long unknownSpi, long malformed, long espDropped, long superPacketsRead,
            long superPacketsWritten) {
    }

    private record InboundBinding(InboundSa sa, Tunnel tunnel) {
    }

    private final TunDevice tun;
    private final EspTransport transport;
    private final LiveForwardingTable<Tunnel> forwarding;
    private final IkeDatagramSink ikeSink;
    private final LongSupplier nanoClock;
    private final Map<Integer, InboundBinding> inbound = new ConcurrentHashMap<>();
    private final List<InnerPacketTap> taps = new CopyOnWriteArrayList<>();
    private final List<NoSaListener> noSaListeners = new CopyOnWriteArrayList<>();
    private final LongAdder noRoute = new LongAdder();
    private final LongAdder unknownSpi = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder espDropped = new LongAdder();
    private final LongAdder superPacketsRead = new LongAdder();
    private final LongAdder superPacketsWritten = new LongAdder();
    private volatile boolean running;
    private Thread outboundThread;

    /** Told when a packet for a tunnel found no usable outbound SA (the IKE engine's trap/acquire, REQ-CONN-008). */
    @FunctionalInterface
    public interface NoSaListener {
        void noOutboundSa(Tunnel tunnel);
    }

    /**
     * @param ikeSink receives IKE messages that arrive through {@link #receiveDatagram} (own-socket mode)
     */
    public EspDataPlane(TunDevice tun, EspTransport transport, LiveForwardingTable<Tunnel> forwarding,
            IkeDatagramSink ikeSink, LongSupplier nanoClock) {
        this.tun = tun;
        this.transport = transport;
        this.forwarding = forwarding;
        this.ikeSink = ikeSink;
        this.nanoClock = nanoClock;
    }

    /** The TUN device's offload in use (it may have refused the one asked for). */
    public TunDevice.Offload tunOffload() {
        return tun.offload();
    }

    public LiveForwardingTable<Tunnel> forwarding() {
        return forwarding;
    }

    /** Starts the thread that reads the TUN device and protects packets. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        outboundThread = Thread.ofPlatform().name("esp-out-" + tun.name()).daemon().start(this::outboundLoop);
    }

    /** Makes an inbound SA reachable by its SPI; packets that decrypt under it must match {@code tunnel}'s selectors. */
    public void installInbound(InboundSa sa, Tunnel tunnel) {
        inbound.put(sa.spi(), new InboundBinding(sa, tunnel));
    }

    public void removeInbound(int spi) {
        inbound.remove(spi);
    }

    public Optional<InboundSa> inboundSa(int spi) {
        return Optional.ofNullable(inbound.get(spi)).map(InboundBinding::sa);
    }

    public void addTap(InnerPacketTap tap) {
        taps.add(tap);
    }

    public void removeTap(InnerPacketTap tap) {
        taps.remove(tap);
    }

    public void addNoSaListener(NoSaListener listener) {
        noSaListeners.add(listener);
    }

    /**
     * Protects an inner packet generated by the agent itself (health-check probes) with {@code tunnel}'s
     * outbound SA and sends it.
     *
     * @return false if the tunnel has no usable outbound SA
     */
    public boolean sendThrough(Tunnel tunnel, byte[] packet, int off, int length) throws IOException {
        byte[] buf = new byte[HEADROOM + length + 128];
        System.arraycopy(packet, off, buf, HEADROOM, length);
        return protectAndSend(tunnel, buf, length);
    }

    private boolean protectAndSend(Tunnel tunnel, byte[] buf, int length) throws IOException {
        Optional<OutboundSa> sa = tunnel.outbound();
        if (sa.isEmpty()) {
            noOutboundSa(tunnel);
            return false;
        }
        OutboundSa outboundSa = sa.get();
        int nextHeader = (buf[HEADROOM] & 0xF0) == 0x60 ? 41 : 4;
        int espLength = outboundSa.encapsulate(buf, HEADROOM, length, nextHeader);
        if (espLength == OutboundSa.EXPIRED) {
            noOutboundSa(tunnel);
            return false;
        }
        transport.send(tunnel, buf, HEADROOM - outboundSa.headerLength(), espLength);
        tunnel.countSent();
        return true;
    }

    private void noOutboundSa(Tunnel tunnel) {
        tunnel.countNoSa();
        for (NoSaListener listener : noSaListeners) {
            listener.noOutboundSa(tunnel);
        }
    }

    private void outboundLoop() {
        byte[] buf = new byte[BUFFER];
        byte[] train = new byte[TRAIN_BYTES + HEADROOM];
        boolean vnet = tun.offload() == TunDevice.Offload.TCP_SEGMENTATION;
        int readAt = vnet ? HEADROOM - VirtioNetHeader.LENGTH : HEADROOM;
        while (running) {
            try {
                int read = tun.read(buf, readAt, BUFFER - readAt - 128, POLL_MILLIS);
                int length = read - (HEADROOM - readAt);
                if (length <= 0) {
                    continue;
                }
                VirtioNetHeader header = vnet ? VirtioNetHeader.read(buf, readAt) : VirtioNetHeader.NONE;
                Optional<Tunnel> tunnel = forwarding.current().lookup(buf, HEADROOM, length);
                if (tunnel.isEmpty()) {
                    noRoute.increment();
                    continue;
                }
                if (header.gsoType() != VirtioNetHeader.GSO_NONE) {
                    Optional<TcpSegments> segments = TcpSegments.of(buf, HEADROOM, length, header);
                    if (segments.isEmpty()) {
                        malformed.increment();
                        continue;
                    }
                    superPacketsRead.increment();
                    protectAndSendSegments(tunnel.get(), segments.get(), train);
                    continue;
                }
                if (header.needsChecksum() && !TcpSegments.completeChecksum(buf, HEADROOM, length, header)) {
                    malformed.increment();
                    continue;
                }
                protectAndSend(tunnel.get(), buf, length);
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "outbound packet dropped", e);
                }
            }
        }
    }

    /**
     * Builds one ESP packet per segment, back to back in {@code train}, and sends them in trains that fit
     * one UDP send. Segments are full-sized but the last, and ESP length grows with payload length, so
     * in a train every packet has the first one's length except possibly the last, as
     * {@link EspTransport#sendTrain} requires.
     */
    private void protectAndSendSegments(Tunnel tunnel, TcpSegments segments, byte[] train) throws IOException {
        Optional<OutboundSa> sa = tunnel.outbound();
        if (sa.isEmpty()) {
            noOutboundSa(tunnel);
            return;
        }
        OutboundSa outboundSa = sa.get();
        int header = outboundSa.headerLength();
        int count = segments.count();
        int index = 0;
        while (index < count) {
            int position = 0;
            int packetLength = 0;
            int inTrain = 0;
            while (index < count && inTrain < UdpSocket.MAX_SEGMENTS) {
                int segmentLength = segments.segmentLength(index);
                if (position + header + segmentLength + outboundSa.maxTrailerLength() > TRAIN_BYTES) {
                    break;
                }
                segments.write(index, train, position + header);
                int espLength = outboundSa.encapsulate(train, position + header, segmentLength, 4);
                if (espLength == OutboundSa.EXPIRED) {
                    if (position > 0) {
                        transport.sendTrain(tunnel, train, 0, packetLength, position);
                    }
                    noOutboundSa(tunnel);
                    return;
                }
                packetLength = Math.max(packetLength, espLength);
                position += espLength;
                index++;
                inTrain++;
                tunnel.countSent();
            }
            if (inTrain == 0) {
                throw new IOException("a " + segments.segmentLength(index)
                        + "-byte segment does not fit one UDP datagram");
            }
            transport.sendTrain(tunnel, train, 0, packetLength, position);
        }
    }

    /** Where a decrypted, accepted inner packet goes: the TUN device at once, or a batch's coalescer. */
    @FunctionalInterface
    private interface InnerSink {
        void deliver(byte[] buf, int off, int length) throws IOException;
    }

    /**
     * A whole datagram received on UDP 4500 (own-socket mode): ESP, IKE with the non-ESP marker, or
     * keepalive. A decrypted packet is written to the TUN device at once.
     */
    public void receiveDatagram(byte[] buf, int length, InetSocketAddress from) throws IOException {
        dispatch(buf, length, from, tun::write);
    }

    private void dispatch(byte[] buf, int length, InetSocketAddress from, InnerSink sink) throws IOException {
        switch (Port4500Datagram.classify(buf, 0, length)) {
            case ESP -> receiveEsp(buf, 0, length, sink);
            case IKE -> ikeSink.ikeMessageReceived(from,
                    Arrays.copyOfRange(buf, Port4500Datagram.NON_ESP_MARKER_LENGTH, length));
            case NAT_KEEPALIVE -> {
                // RFC 3948 §2.3: only there to keep the NAT mapping alive.
            }
            case MALFORMED -> malformed.increment();
        }
    }

    /**
     * The datagrams one receive call brought, owned by one receiving thread. With a TUN device in
     * {@link TunDevice.Offload#TCP_SEGMENTATION} mode their TCP segments are coalesced and written at
     * {@link #flush}, which ends every batch; on a plain device packets are written as they come.
     */
    public final class InboundBatch {
        private final InnerSink sink;
        private final Optional<TcpCoalescer> coalescer;

        private InboundBatch() {
            if (tun.offload() == TunDevice.Offload.TCP_SEGMENTATION) {
                TcpCoalescer merger = new TcpCoalescer((buf, off, length) -> {
                    if (buf[off + 1] != VirtioNetHeader.GSO_NONE) {
                        superPacketsWritten.increment();
                    }
                    tun.writeRaw(buf, off, length);
                });
                this.coalescer = Optional.of(merger);
                this.sink = merger::offer;
            } else {
                this.coalescer = Optional.empty();
                this.sink = tun::write;
            }
        }

        /** As {@link EspDataPlane#receiveDatagram}, but the decrypted packet may wait for {@link #flush}. */
        public void receiveDatagram(byte[] buf, int length, InetSocketAddress from) throws IOException {
            dispatch(buf, length, from, sink);
        }

        /** As {@link EspDataPlane#receiveEsp}, but the decrypted packet may wait for {@link #flush}. */
        public void receiveEsp(byte[] buf, int off, int length) throws IOException {
            EspDataPlane.this.receiveEsp(buf, off, length, sink);
        }

        /** Writes what is still held back; call after every batch (the held packets wait for nothing else). */
        public void flush() throws IOException {
            if (coalescer.isPresent()) {
                coalescer.get().flush();
            }
        }
    }

    /** A batch for one receiving thread. */
    public InboundBatch inboundBatch() {
        return new InboundBatch();
    }

    /**
     * One ESP packet (starting with the SPI) at {@code buf[off, +length)}: decrypted in place, checked
     * against the tunnel's selectors, then written to the TUN device.
     */
    public void receiveEsp(byte[] buf, int off, int length) throws IOException {
        receiveEsp(buf, off, length, tun::write);
    }

    private void receiveEsp(byte[] buf, int off, int length, InnerSink sink) throws IOException {
        if (length < 8) {
            malformed.increment();
            return;
        }
        int spi = Ipv4Header.readInt(buf, off);
        InboundBinding binding = inbound.get(spi);
        if (binding == null) {
            unknownSpi.increment();
            return;
        }
        InboundResult result = binding.sa().decapsulate(buf, off, length);
        if (!(result instanceof InboundResult.Accepted accepted)) {
            espDropped.increment();
            return;
        }
        Tunnel tunnel = binding.tunnel();
        tunnel.countReceived(nanoClock.getAsLong());
        int inner = accepted.payloadOffset();
        int innerLength = accepted.payloadLength();
        if (accepted.nextHeader() == 59) {
            return; // RFC 4303 §2.6: dummy packet (traffic flow confidentiality), discard silently
        }
        if (accepted.nextHeader() != 4 || !Ipv4Header.isValid(buf, inner, innerLength)
                || !tunnel.acceptsInner(buf, inner, innerLength)) {
            tunnel.countSelectorMismatch();
            return;
        }
        for (InnerPacketTap tap : taps) {
            if (tap.inspect(tunnel, buf, inner, innerLength)) {
                return;
            }
        }
        sink.deliver(buf, inner, Ipv4Header.totalLength(buf, inner));
    }

    public Statistics statistics() {
        return new Statistics(noRoute.sum(), unknownSpi.sum(), malformed.sum(), espDropped.sum(), superPacketsRead.sum(),
                superPacketsWritten.sum());
    }

    /** Stops the TUN reader and closes the TUN device (the transport is closed by its owner). */
    @Override
    public void close() {
        running = false;
        try {
            if (outboundThread != null) {
                outboundThread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tun.close();
    }
}
