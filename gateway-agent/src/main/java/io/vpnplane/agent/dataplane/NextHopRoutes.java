package io.vpnplane.agent.dataplane;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Kernel routes to prefixes whose best path leaves the node through a next hop on another link rather than a tunnel:
 * a leased line's BGP routes (REQ-AS-002). They carry {@link #METRIC}, above the routes into the TUN device (metric
 * 0), so a static or policy route to the same prefix over IPsec — which outranks BGP — wins where both exist, and are
 * tagged with protocol {@link #PROTOCOL} so a restarted agent can clear what a killed one left behind.
 *
 * <p>The kernel drops a route when its link goes down and does not bring it back with the link; {@link #reassert()}
 * puts every wanted route back, so a link that flapped faster than the BGP hold time forwards again.
 */
public final class NextHopRoutes implements AutoCloseable {

    public static final int METRIC = 50;
    /** An iproute2 routing protocol number of our own (rt_protos: unassigned), "vpnplane". */
    public static final int PROTOCOL = 240;

    private static final Logger LOG = Logger.getLogger(NextHopRoutes.class.getName());

    private Map<Ipv4Prefix, String> installed = Map.of();

    /** Clears the routes an earlier run of the agent left (it may have been killed). */
    public static NextHopRoutes clearedOfLeftovers() {
        try {
            IpCommand.run("route", "flush", "proto", Integer.toString(PROTOCOL));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not flush earlier next-hop routes: " + e.getMessage());
        }
        return new NextHopRoutes();
    }

    /** Makes the kernel hold exactly these routes: prefix → next-hop address. */
    public synchronized void replace(Map<Ipv4Prefix, String> next) {
        Changes changes = changes(installed, next);
        installed = Map.copyOf(next);
        apply(changes);
    }

    /** Re-adds every wanted route (idempotent). */
    public synchronized void reassert() {
        apply(changes(Map.of(), installed));
    }

    /** The {@code ip} commands that turn the routes {@code from} into {@code to}. */
    record Changes(List<String> deletions, List<String> additions) {
    }

    static Changes changes(Map<Ipv4Prefix, String> from, Map<Ipv4Prefix, String> to) {
        List<String> deletions = new ArrayList<>();
        List<String> additions = new ArrayList<>();
        from.forEach((prefix, nextHop) -> {
            if (!nextHop.equals(to.get(prefix))) {
                deletions.add("route del " + prefix + " via " + nextHop + " metric " + METRIC + " proto " + PROTOCOL);
            }
        });
        to.forEach((prefix, nextHop) -> {
            if (!nextHop.equals(from.get(prefix))) {
                additions.add("route replace " + prefix + " via " + nextHop + " metric " + METRIC + " proto " + PROTOCOL);
            }
        });
        return new Changes(List.copyOf(deletions), List.copyOf(additions));
    }

    private static void apply(Changes changes) {
        // deletions first: a prefix that moves to another next hop is added back at once
        execute(changes.deletions(), Level.FINE); // the kernel may have dropped the route with its link already
        execute(changes.additions(), Level.WARNING); // e.g. the next hop is not on any link (yet): reassert retries
    }

    private static void execute(List<String> commands, Level failure) {
        if (commands.isEmpty()) {
            return;
        }
        try {
            IpCommand.batch(commands);
        } catch (IOException e) {
            LOG.log(failure, "next-hop routes: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        replace(Map.of());
    }
}
