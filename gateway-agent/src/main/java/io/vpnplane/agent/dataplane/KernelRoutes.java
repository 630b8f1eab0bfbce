package io.vpnplane.agent.dataplane;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The kernel routes that send traffic into the TUN device, counted per prefix: a policy tunnel's remote CIDR and a
 * route-based prefix may name the same network, and the route may only go when its last user does. Which tunnel
 * carries a packet is the forwarding table's business; the kernel only needs to hand it to us.
 */
public final class KernelRoutes {

    private static final Logger LOG = Logger.getLogger(KernelRoutes.class.getName());

    private final String device;
    private final Map<Ipv4Prefix, Integer> users = new HashMap<>();

    public KernelRoutes(String device) {
        this.device = device;
    }

    public synchronized void add(Ipv4Prefix prefix) throws IOException {
        if (users.containsKey(prefix)) {
            users.merge(prefix, 1, Integer::sum);
            return;
        }
        IpCommand.run("route", "replace", prefix.toString(), "dev", device);
        users.put(prefix, 1);
    }

    /** Drops one use; the route goes with the last. A route someone else removed already is not an error. */
    public synchronized void remove(Ipv4Prefix prefix) {
        Integer count = users.get(prefix);
        if (count == null) {
            return;
        }
        if (count > 1) {
            users.put(prefix, count - 1);
            return;
        }
        users.remove(prefix);
        try {
            IpCommand.run("route", "del", prefix.toString(), "dev", device);
        } catch (IOException e) {
            LOG.log(Level.FINE, "route " + prefix + " dev " + device + " already gone: " + e.getMessage());
        }
    }

    public synchronized Map<Ipv4Prefix, Integer> snapshot() {
        return Map.copyOf(users);
    }
}
