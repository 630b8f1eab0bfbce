package io.vpnplane.agent.bgp.session;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins sessions by in-memory connections that deliver through the virtual scheduler, so
 * nothing re-enters a session while it is handling an event. A link can be cut (messages
 * silently lost, like a dead tunnel) to exercise the hold timer.
 */
final class MemoryNetwork {

    private final VirtualScheduler scheduler;
    private final List<Pipe> pipes = new ArrayList<>();
    private boolean cut;
    int connectionsOpened;

    MemoryNetwork(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** An initiator for {@code from}: its connections land on {@code to} as inbound ones. */
    ConnectionInitiator initiator(int fromAddress, int toAddress, BgpSession[] to) {
        return from -> scheduler.schedule(Duration.ofMillis(1), () -> {
            if (cut) {
                from.outboundFailed("unreachable");
                return;
            }
            connectionsOpened++;
            Pipe outbound = new Pipe(fromAddress, from);
            Pipe inbound = new Pipe(toAddress, to[0]);
            outbound.other = inbound;
            inbound.other = outbound;
            pipes.add(outbound);
            pipes.add(inbound);
            to[0].inboundConnected(inbound);
            from.outboundConnected(outbound);
        });
    }

    void cut(boolean value) {
        cut = value;
    }

    long openPipes() {
        return pipes.stream().filter(p -> !p.closed).count() / 2;
    }

    final class Pipe implements BgpConnection {
        private final int address;
        private final BgpSession owner;
        private Pipe other;
        private boolean closed;

        Pipe(int address, BgpSession owner) {
            this.address = address;
            this.owner = owner;
        }

        @Override
        public void send(byte[] message) {
            if (closed || cut) {
                return;
            }
            Pipe target = other;
            scheduler.schedule(Duration.ZERO, () -> {
                if (!target.closed) {
                    target.owner.received(target, ByteBuffer.wrap(message));
                }
            });
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (cut) {
                return;
            }
            Pipe target = other;
            scheduler.schedule(Duration.ZERO, () -> {
                if (!target.closed) {
                    target.closed = true;
                    target.owner.closed(target);
                }
            });
        }

        @Override
        public int localAddress() {
            return address;
        }
    }
}
