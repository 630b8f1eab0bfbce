package io.vpnplane.agent.bgp.session;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;

/**
 * Two throwaway sessions, wired to each other in memory, one announcing a table to the other: the whole receive path
 * (framing, UPDATE decoding, import policy, Adj-RIB-In, events) runs often enough for the JIT to compile it before the
 * first real peer sends its table. Measured from FRR's first UPDATE to the last route (docs/benchmarks.md): a fresh
 * JVM took in 100,000 prefixes in 41–52 ms without it (BIRD: 27–35 ms), 19–31 ms with it. Timers never fire here: the
 * exchange is driven by messages alone, and the sessions are dropped at the end.
 */
public final class SessionWarmUp {

    private final ArrayDeque<Runnable> deliveries = new ArrayDeque<>();

    private SessionWarmUp() {
    }

    /** Announces {@code prefixes} distinct /24s from one session to the other, {@code rounds} times; answers routes received. */
    public static long run(int prefixes, int rounds) {
        return new SessionWarmUp().exchange(prefixes, rounds);
    }

    private long exchange(int prefixes, int rounds) {
        Inet4Address left = address(10, 255, 0, 1);
        Inet4Address right = address(10, 255, 0, 2);
        long[] received = {0};
        TimerScheduler noTimers = new TimerScheduler() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                return () -> { };
            }
        };
        BgpSession[] receiver = new BgpSession[1];
        BgpSession sender = new BgpSession(SessionConfig.builder("warm-up-sender", 65001, 65002, left, right).build(), noTimers,
                session -> connect(session, left, receiver[0], right), event -> { });
        receiver[0] = new BgpSession(SessionConfig.builder("warm-up-receiver", 65002, 65001, right, left).passive(true)
                .maxPrefixes(Math.max(prefixes, 1)).build(), noTimers, session -> { }, event -> {
                    if (event instanceof BgpEvent.RoutesLearned learned) {
                        received[0] += learned.routes().size();
                    }
                });
        Set<Ipv4Prefix> table = new HashSet<>();
        for (int i = 0; i < prefixes; i++) {
            table.add(new Ipv4Prefix((100 << 24) | (i << 8), 24));
        }
        receiver[0].start();
        sender.start();
        drain();
        for (int round = 0; round < rounds; round++) {
            sender.advertise(table);
            drain();
            sender.advertise(Set.of());
            drain();
        }
        sender.stop();
        receiver[0].stop();
        drain();
        return received[0];
    }

    private void connect(BgpSession from, Inet4Address fromAddress, BgpSession to, Inet4Address toAddress) {
        Pipe outbound = new Pipe(from, fromAddress);
        Pipe inbound = new Pipe(to, toAddress);
        outbound.other = inbound;
        inbound.other = outbound;
        deliveries.add(() -> {
            to.inboundConnected(inbound);
            from.outboundConnected(outbound);
        });
    }

    private void drain() {
        for (Runnable next = deliveries.poll(); next != null; next = deliveries.poll()) {
            next.run();
        }
    }

    private static Inet4Address address(int a, int b, int c, int d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One end of an in-memory connection; what it sends is delivered to the other end on the next drain. */
    private final class Pipe implements BgpConnection {
        private final BgpSession owner;
        private final int address;
        private Pipe other;
        private boolean closed;

        Pipe(BgpSession owner, Inet4Address address) {
            this.owner = owner;
            this.address = ByteBuffer.wrap(address.getAddress()).getInt();
        }

        @Override
        public void send(byte[] message) {
            Pipe target = other;
            deliveries.add(() -> {
                if (!target.closed && !closed) {
                    target.owner.received(target, ByteBuffer.wrap(message));
                }
            });
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public int localAddress() {
            return address;
        }
    }
}
