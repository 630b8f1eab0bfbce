package io.vpnplane.agent.managed;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.Consumer;

import io.vpnplane.agent.dataplane.Ipv4Prefix;
import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;
import io.vpnplane.events.routing.ActiveRouteCleared;
import io.vpnplane.events.routing.ActiveRouteInEffect;
import io.vpnplane.events.routing.ActiveRouteState;
import io.vpnplane.events.routing.RouteSource;

/**
 * Follows routing-service's routes in effect on the compacted {@code vpn.active-routes} (from the beginning, like the
 * agent's configuration: one record per destination, however long ago it was switched) and hands the destinations
 * currently in effect on (to {@link ConnectionRoutes}): when the active route's tunnel fails and the standby takes
 * over, the prefix moves to the standby's tunnel in one forwarding-table swap. A tombstone clears its destination.
 *
 * <p>Per destination, an entry from a policy connection wins over a static one and a static one over BGP
 * (REQ-X-001). The node has one forwarding table for all VPN gateways: two gateways sending the same destination to
 * different connections on one node cannot both be served (the lowest gateway id wins) — per-gateway tables (VRFs)
 * are future work.
 */
public final class RouteFollower implements Runnable, AutoCloseable {

    private static final EventTypes TYPES = EventTypes.of(ActiveRouteState.class);

    /** One destination of one gateway from one source. */
    record Destination(String vpnGatewayId, RouteSource source, String cidr) {
    }

    private final TopicFollower follower;
    private final java.util.function.Consumer<Map<Ipv4Prefix, String>> activeRoutes;
    /** Kafka key → the destination it names and the connection in effect there (a tombstone has only the key). */
    private final Map<String, Map.Entry<Destination, String>> inEffect = new HashMap<>();
    private boolean changed = true;

    /** @param activeRoutes gets destination → connection id after every poll that changed it */
    public RouteFollower(Consumer<String, byte[]> consumer, java.util.function.Consumer<Map<Ipv4Prefix, String>> activeRoutes) {
        this.follower = new TopicFollower(consumer, Topics.ACTIVE_ROUTES, this::fold, this::push);
        this.activeRoutes = activeRoutes;
    }

    @Override
    public void run() {
        follower.run();
    }

    void fold(String key, Optional<CloudEvent> event) {
        event.flatMap(TYPES::decode).map(ActiveRouteState.class::cast).ifPresentOrElse(state -> apply(key, state), () -> clear(key));
    }

    void apply(String key, ActiveRouteState state) {
        switch (state) {
            case ActiveRouteInEffect now -> {
                inEffect.put(key, Map.entry(new Destination(now.vpnGatewayId(), now.source(), now.destinationCidr()),
                        now.route().nextHop()));
                changed = true;
            }
            case ActiveRouteCleared cleared -> clear(key);
        }
    }

    private void clear(String key) {
        changed |= inEffect.remove(key) != null;
    }

    private void push() {
        if (changed) {
            activeRoutes.accept(effectiveNow());
            changed = false;
        }
    }

    Map<Ipv4Prefix, String> effectiveNow() {
        return effective(inEffect.values());
    }

    static Map<Ipv4Prefix, String> effective(Collection<Map.Entry<Destination, String>> inEffect) {
        Map<Ipv4Prefix, Map.Entry<Destination, String>> chosen = new TreeMap<>(
                Comparator.comparingInt(Ipv4Prefix::network).thenComparingInt(Ipv4Prefix::length));
        Comparator<Destination> preference = Comparator.comparing(Destination::source)
                .thenComparing(Destination::vpnGatewayId);
        for (Map.Entry<Destination, String> entry : inEffect) {
            Ipv4Prefix prefix;
            try {
                prefix = Ipv4Prefix.parse(entry.getKey().cidr());
            } catch (IllegalArgumentException e) {
                continue; // not an IPv4 destination this data plane forwards
            }
            chosen.merge(prefix, entry, (a, b) -> preference.compare(a.getKey(), b.getKey()) <= 0 ? a : b);
        }
        Map<Ipv4Prefix, String> effective = new TreeMap<>(
                Comparator.comparingInt(Ipv4Prefix::network).thenComparingInt(Ipv4Prefix::length));
        chosen.forEach((prefix, entry) -> effective.put(prefix, entry.getValue()));
        return effective;
    }

    @Override
    public void close() {
        follower.close();
    }
}
