package io.vpnplane.agent.dataplane;

import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.ChildSaListener;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Route-based prefixes and the tunnels that may carry them, in order of preference. The forwarding table routes
 * each prefix to the first of its tunnels that has an outbound SA (or, when none has, to the first known one, so
 * traffic still triggers its acquire); the table is rebuilt in one atomic swap whenever the prefixes change or an
 * SA comes or goes, so a prefix moves between two packets. The kernel gets one route into the TUN device per
 * prefix.
 */
public final class TunnelRoutes implements ChildSaListener {

    private static final Logger LOG = Logger.getLogger(TunnelRoutes.class.getName());

    private final LiveForwardingTable<Tunnel> table;
    private final ChildSaInstaller installer;
    private final KernelRoutes kernel;
    private final Object replacing = new Object();
    /** Read inside the table's copy-on-write update, so a rebuild racing a replace retries with the new map. */
    private volatile Map<Ipv4Prefix, List<String>> candidates = Map.of();

    public TunnelRoutes(LiveForwardingTable<Tunnel> table, ChildSaInstaller installer, KernelRoutes kernel) {
        this.table = table;
        this.installer = installer;
        this.kernel = kernel;
    }

    /** Replaces every route: prefix → tunnel ids, most preferred first. */
    public void replace(Map<Ipv4Prefix, List<String>> next) {
        synchronized (replacing) {
            replaceSerially(next);
        }
    }

    private void replaceSerially(Map<Ipv4Prefix, List<String>> next) {
        Map<Ipv4Prefix, List<String>> copy = new LinkedHashMap<>();
        next.forEach((prefix, tunnels) -> copy.put(prefix, List.copyOf(tunnels)));
        Set<Ipv4Prefix> gone = new HashSet<>(candidates.keySet());
        gone.removeAll(copy.keySet());
        for (Ipv4Prefix prefix : copy.keySet()) {
            if (!candidates.containsKey(prefix)) {
                try {
                    kernel.add(prefix);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "no kernel route for " + prefix + ": " + e.getMessage());
                }
            }
        }
        candidates = Map.copyOf(copy);
        rebuild();
        gone.forEach(kernel::remove);
    }

    public Map<Ipv4Prefix, List<String>> candidates() {
        return candidates;
    }

    @Override
    public void installed(ChildSa childSa) {
        rebuild();
    }

    @Override
    public void removed(ChildSa childSa) {
        rebuild();
    }

    private void rebuild() {
        table.update(current -> {
            ForwardingTable.Builder<Tunnel> builder = current.toBuilder();
            current.routes().keySet().forEach(builder::withoutRoute);
            candidates.forEach((prefix, tunnelIds) -> choose(tunnelIds).ifPresent(tunnel -> builder.route(prefix, tunnel)));
            return builder.build();
        });
    }

    private Optional<Tunnel> choose(List<String> tunnelIds) {
        Optional<Tunnel> known = Optional.empty();
        for (String id : tunnelIds) {
            Optional<Tunnel> tunnel = installer.tunnel(id);
            if (tunnel.flatMap(Tunnel::outbound).isPresent()) {
                return tunnel;
            }
            if (known.isEmpty()) {
                known = tunnel;
            }
        }
        return known;
    }
}
