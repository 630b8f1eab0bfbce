package io.vpnplane.agent.dataplane;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot that chooses the tunnel for a packet read from the TUN device: policy-based
 * rules (traffic selectors on source and destination) first, then longest-prefix match on the
 * destination for route-based tunnels (REQ-X-001: policy-based routes win over destination-based
 * ones). Being immutable it is shared by all packet threads without locks; changes build a new
 * snapshot that {@link LiveForwardingTable} swaps in atomically.
 *
 * @param <T> what a packet is forwarded to (the data plane uses its tunnel objects)
 */
public final class ForwardingTable<T> {

    /** Policy rule: packets from {@code local} to {@code remote} go to {@code target}. */
    public record PolicyRule<T>(List<TrafficSelector> local, List<TrafficSelector> remote, T target) {

        public PolicyRule {
            local = List.copyOf(local);
            remote = List.copyOf(remote);
            Objects.requireNonNull(target, "target");
        }

        boolean matches(int source, int destination, int protocol, int sourcePort, int destinationPort) {
            return anyMatches(local, source, protocol, sourcePort) && anyMatches(remote, destination, protocol,
                    destinationPort);
        }
    }

    private static boolean anyMatches(List<TrafficSelector> selectors, int address, int protocol, int port) {
        for (TrafficSelector selector : selectors) {
            if (selector.matches(address, protocol, port)) {
                return true;
            }
        }
        return false;
    }

    private static final ForwardingTable<?> EMPTY = new ForwardingTable<>(List.of(), Map.of());

    private final List<PolicyRule<T>> policies;
    private final Map<Ipv4Prefix, T> routes;
    // Binary trie in parallel arrays: children of node n at child[2n], child[2n+1]; 0 = none (root is node 0,
    // never a child). Lookup walks at most 32 nodes and allocates nothing.
    private final int[] child;
    private final Object[] targetAt;

    private ForwardingTable(List<PolicyRule<T>> policies, Map<Ipv4Prefix, T> routes) {
        this.policies = List.copyOf(policies);
        this.routes = Map.copyOf(routes);
        int[] children = new int[2 * (1 + routes.size() * 32)];
        Object[] targets = new Object[1 + routes.size() * 32];
        int nodes = 1;
        for (Map.Entry<Ipv4Prefix, T> route : routes.entrySet()) {
            int node = 0;
            int network = route.getKey().network();
            for (int bit = 0; bit < route.getKey().length(); bit++) {
                int branch = (network >>> (31 - bit)) & 1;
                if (children[2 * node + branch] == 0) {
                    children[2 * node + branch] = nodes++;
                }
                node = children[2 * node + branch];
            }
            targets[node] = route.getValue();
        }
        this.child = Arrays.copyOf(children, 2 * nodes);
        this.targetAt = Arrays.copyOf(targets, nodes);
    }

    @SuppressWarnings("unchecked")
    public static <T> ForwardingTable<T> empty() {
        return (ForwardingTable<T>) EMPTY;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** A builder starting from this snapshot's rules, for copy-on-write changes. */
    public Builder<T> toBuilder() {
        Builder<T> builder = new Builder<>();
        builder.policies.addAll(policies);
        builder.routes.putAll(routes);
        return builder;
    }

    public List<PolicyRule<T>> policies() {
        return policies;
    }

    public Map<Ipv4Prefix, T> routes() {
        return routes;
    }

    /** The target for an IPv4 packet at {@code p[off, +length)}; empty for no match or a non-IPv4 packet. */
    public Optional<T> lookup(byte[] p, int off, int length) {
        if (!Ipv4Header.isValid(p, off, length)) {
            return Optional.empty();
        }
        return lookup(Ipv4Header.source(p, off), Ipv4Header.destination(p, off), Ipv4Header.protocol(p, off),
                Ipv4Header.sourcePort(p, off, length), Ipv4Header.destinationPort(p, off, length));
    }

    public Optional<T> lookup(int source, int destination, int protocol, int sourcePort, int destinationPort) {
        for (PolicyRule<T> rule : policies) {
            if (rule.matches(source, destination, protocol, sourcePort, destinationPort)) {
                return Optional.of(rule.target());
            }
        }
        return longestPrefixMatch(destination);
    }

    @SuppressWarnings("unchecked")
    public Optional<T> longestPrefixMatch(int destination) {
        int node = 0;
        Object best = targetAt[0];
        for (int bit = 0; bit < 32; bit++) {
            node = child[2 * node + ((destination >>> (31 - bit)) & 1)];
            if (node == 0) {
                break;
            }
            if (targetAt[node] != null) {
                best = targetAt[node];
            }
        }
        return Optional.ofNullable((T) best);
    }

    public static final class Builder<T> {
        private final List<PolicyRule<T>> policies = new ArrayList<>();
        private final Map<Ipv4Prefix, T> routes = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds or replaces the route for {@code prefix}. */
        public Builder<T> route(Ipv4Prefix prefix, T target) {
            routes.put(prefix, Objects.requireNonNull(target, "target"));
            return this;
        }

        public Builder<T> withoutRoute(Ipv4Prefix prefix) {
            routes.remove(prefix);
            return this;
        }

        /** Appends a policy rule; earlier rules win. */
        public Builder<T> policy(List<TrafficSelector> local, List<TrafficSelector> remote, T target) {
            policies.add(new PolicyRule<>(local, remote, target));
            return this;
        }

        /** Drops the policy rules of the tunnel called {@code tunnelId} (its selectors are being replaced). */
        public Builder<T> withoutPoliciesOf(String tunnelId) {
            policies.removeIf(rule -> rule.target() instanceof Tunnel tunnel && tunnel.id().equals(tunnelId));
            return this;
        }

        /** Drops every route and rule pointing at {@code target} (tunnel deleted). */
        public Builder<T> withoutTarget(T target) {
            routes.values().removeIf(target::equals);
            policies.removeIf(rule -> rule.target().equals(target));
            return this;
        }

        public ForwardingTable<T> build() {
            return new ForwardingTable<>(policies, routes);
        }
    }
}
