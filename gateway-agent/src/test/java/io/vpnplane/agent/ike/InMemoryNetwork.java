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

    InMemoryNetwork(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    void attach(InetAddress address, IkeEngine engine) {
        engines.put(address, engine);
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

    private void deliver(Datagram datagram) {
        sent.add(datagram);
        if (drop.test(datagram)) {
            return;
        }
        IkeEngine target = engines.get(datagram.to().getAddress());
        if (target != null) {
            scheduler.execute(() -> target.receive(datagram.to(), datagram.from(), datagram.data()));
        }
    }
}
