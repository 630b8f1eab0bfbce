package io.vpnplane.agent.dataplane;

import io.vpnplane.agent.esp.OutboundSa;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One IPsec tunnel as the data plane sees it: the peer's UDP endpoint (port 4500), the current
 * outbound SA (replaced atomically on rekey), and the CHILD_SA's traffic selectors, which every
 * decrypted packet must match (RFC 4301 §5.2: inner source inside the remote selectors, inner
 * destination inside the local ones).
 */
public final class Tunnel {

    /** Counters since creation. */
    public record Statistics(long packetsSent, long packetsReceived, long droppedNoSa, long droppedSelector,
            long lastReceivedNanos) {
    }

    private final String id;
    private final List<TrafficSelector> localSelectors;
    private final List<TrafficSelector> remoteSelectors;
    private volatile InetSocketAddress peer;
    private volatile InetSocketAddress local;
    private final AtomicReference<Optional<OutboundSa>> outbound = new AtomicReference<>(Optional.empty());
    private volatile long lastReceivedNanos;
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder droppedNoSa = new LongAdder();
    private final LongAdder droppedSelector = new LongAdder();

    /**
     * @param local our UDP endpoint for this tunnel (which NAT-T socket sends its ESP)
     * @param peer the peer's UDP endpoint, normally port 4500
     */
    public Tunnel(String id, InetSocketAddress local, InetSocketAddress peer, List<TrafficSelector> localSelectors,
            List<TrafficSelector> remoteSelectors) {
        this.id = Objects.requireNonNull(id, "id");
        this.local = Objects.requireNonNull(local, "local");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.localSelectors = List.copyOf(localSelectors);
        this.remoteSelectors = List.copyOf(remoteSelectors);
    }

    public String id() {
        return id;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    public InetSocketAddress local() {
        return local;
    }

    /** A new CHILD_SA may come with other endpoints (NAT mapping changed, RFC 7296 §2.23, or MOBIKE). */
    public void updateEndpoints(InetSocketAddress newLocal, InetSocketAddress newPeer) {
        this.local = Objects.requireNonNull(newLocal, "newLocal");
        this.peer = Objects.requireNonNull(newPeer, "newPeer");
    }

    public List<TrafficSelector> localSelectors() {
        return localSelectors;
    }

    public List<TrafficSelector> remoteSelectors() {
        return remoteSelectors;
    }

    /** Installs the outbound SA new packets use (initial install and rekey: make-before-break). */
    public void installOutbound(OutboundSa sa) {
        outbound.set(Optional.of(sa));
    }

    /** Removes the outbound SA if it is still {@code sa} (a rekey may already have replaced it). */
    public void removeOutbound(OutboundSa sa) {
        outbound.updateAndGet(current -> current.isPresent() && current.get() == sa ? Optional.empty() : current);
    }

    public Optional<OutboundSa> outbound() {
        return outbound.get();
    }

    /** Monotonic time (System.nanoTime scale of the data plane's clock) of the last authenticated packet. */
    public long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    boolean acceptsInner(byte[] p, int off, int length) {
        int protocol = Ipv4Header.protocol(p, off);
        return matchesAny(remoteSelectors, Ipv4Header.source(p, off), protocol, Ipv4Header.sourcePort(p, off, length))
                && matchesAny(localSelectors, Ipv4Header.destination(p, off), protocol,
                        Ipv4Header.destinationPort(p, off, length));
    }

    private static boolean matchesAny(List<TrafficSelector> selectors, int address, int protocol, int port) {
        for (TrafficSelector selector : selectors) {
            if (selector.matches(address, protocol, port)) {
                return true;
            }
        }
        return false;
    }

    void countSent() {
        packetsSent.increment();
    }

    void countReceived(long nowNanos) {
        packetsReceived.increment();
        lastReceivedNanos = nowNanos;
    }

    void countNoSa() {
        droppedNoSa.increment();
    }

    void countSelectorMismatch() {
        droppedSelector.increment();
    }

    public Statistics statistics() {
        return new Statistics(packetsSent.sum(), packetsReceived.sum(), droppedNoSa.sum(), droppedSelector.sum(),
                lastReceivedNanos);
    }

    @Override
    public String toString() {
        return "Tunnel[" + id + " -> " + peer + "]";
    }
}
