package io.vpnplane.agent.ike;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Delivers datagrams between engines by destination IP, on the virtual scheduler, with optional loss. */
final class InMemoryNetwork {

    record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] data, boolean keepalive) {
    }

    private final VirtualScheduler scheduler;
    private final Map<InetAddress, IkeEngine> engines = new HashMap<>();
    final List<Datagram> sent = new ArrayList<>();
    Predicate<Datagram> drop = d -> false;
    /** Datagrams matching this wait in {@link #held} until {@link #release}d: a way to reorder them. */
    Predicate<Datagram> hold = d -> false;
    final List<Datagram> held = new ArrayList<>();
    /** A source NAT in front of one address: its datagrams leave from {@code natPublic}, port + 30000. */
    private InetAddress natPrivate;
    private InetAddress natPublic;

    InMemoryNetwork(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    void attach(InetAddress address, IkeEngine engine) {
        engines.put(address, engine);
    }

    void natInFrontOf(InetAddress privateAddress, InetAddress publicAddress) {
        natPrivate = privateAddress;
        natPublic = publicAddress;
    }

    IkeTransport transportFor() {
        return new IkeTransport() {
            @Override
            public void send(InetSocketAddress local, InetSocketAddress remote, byte[] ikeMessage) {
                deliver(new Datagram(local, remote, ikeMessage.clone(), false));
            }

            @Override
            public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
                sent.add(new Datagram(local, remote, new byte[] {(byte) 0xff}, true));
            }
        };
    }

    private void deliver(Datagram original) {
        Datagram datagram = original;
        if (natPrivate != null && datagram.from().getAddress().equals(natPrivate)) {
            datagram = new Datagram(new InetSocketAddress(natPublic, datagram.from().getPort() + 30000), datagram.to(),
                    datagram.data(), datagram.keepalive());
        } else if (natPublic != null && datagram.to().getAddress().equals(natPublic)) {
            datagram = new Datagram(datagram.from(), new InetSocketAddress(natPrivate, datagram.to().getPort() - 30000),
                    datagram.data(), datagram.keepalive());
        }
        sent.add(datagram);
        if (drop.test(datagram)) {
            return;
        }
        if (hold.test(datagram)) {
            held.add(datagram);
            return;
        }
        forward(datagram);
    }

    /** Sends a held datagram on now, behind whatever is already on its way. */
    void release(Datagram datagram) {
        if (!held.remove(datagram)) {
            throw new IllegalArgumentException("not held: " + datagram);
        }
        forward(datagram);
    }

    private void forward(Datagram datagram) {
        IkeEngine target = engines.get(datagram.to().getAddress());
        if (target != null) {
            scheduler.execute(() -> target.receive(datagram.to(), datagram.from(), datagram.data()));
        }
    }
}
