package io.vpnplane.routing.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.vpnplane.events.routing.ActiveRouteSwitched;
import io.vpnplane.events.routing.RouteEntryAdded;
import io.vpnplane.events.routing.RouteEntryDeleted;
import io.vpnplane.events.routing.RouteEntryWeightChanged;
import io.vpnplane.events.routing.RouteEvent;
import io.vpnplane.events.routing.RoutePublishedToVpc;
import io.vpnplane.events.routing.RouteRef;
import io.vpnplane.events.routing.RouteUnpublishedFromVpc;
import io.vpnplane.routing.address.Ipv4Cidr;
import io.vpnplane.routing.selection.EffectiveKey;
import io.vpnplane.routing.selection.EffectiveRouteTable;
import io.vpnplane.routing.selection.InEffect;
import io.vpnplane.routing.selection.LinkState;
import io.vpnplane.routing.table.RouteEntry;
import io.vpnplane.routing.table.RouteRuleViolation;
import io.vpnplane.routing.table.RouteRules;
import io.vpnplane.routing.table.RouteSource;
import io.vpnplane.routing.table.Weight;

/**
 * The route table of one VPN gateway, the event-sourced aggregate of routing-service (stream
 * {@code route-table/<vpnGatewayId>}). Every decision returns the events to append; after any change of entries or
 * of connection states it also returns an {@link ActiveRouteSwitched} for every destination whose entry in effect
 * changed (REQ-RT-005), so the stream alone tells an agent what to forward where.
 *
 * @param entries  by route id, in creation order
 * @param inEffect what the last {@code ActiveRouteSwitched} events announced
 */
public record RouteTable(String vpnGatewayId, Optional<String> vpcId, Map<String, RouteEntry> entries,
        Map<EffectiveKey, InEffect> inEffect) {

    public RouteTable {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        inEffect = java.util.Collections.unmodifiableMap(new TreeMap<>(inEffect));
    }

    public static RouteTable empty(String vpnGatewayId, Optional<String> vpcId) {
        return new RouteTable(vpnGatewayId, vpcId, Map.of(), Map.of());
    }

    /** The outcome of a command: events to append (maybe none) and the table after them, or the rule it breaks. */
    public sealed interface Decision {
        record Accepted(List<RouteEvent> events, RouteTable after) implements Decision {
        }

        record Refused(RouteRuleViolation violation) implements Decision {
        }
    }

    /**
     * What caused a decision, carried into {@link ActiveRouteSwitched}.
     *
     * @param eventId    the consumed event's {@code ce_id}, absent for a REST command
     * @param eventType  its {@code ce_type}
     * @param observedAt when the agent observed the cause
     * @param now        the decision time
     */
    public record Cause(Optional<String> eventId, Optional<String> eventType, Optional<Instant> observedAt, Instant now) {

        public static Cause request(Instant now) {
            return new Cause(Optional.empty(), Optional.empty(), Optional.empty(), now);
        }
    }

    public Optional<RouteEntry> entry(String routeId) {
        return Optional.ofNullable(entries.get(routeId));
    }

    /** REQ-RT-001…003, 005, 006: a user's new destination-based route. */
    public Decision addStatic(String routeId, Ipv4Cidr destination, String nextHop, Weight weight, boolean publishToVpc,
            boolean propagateToTransitRouter, Set<String> gatewayConnections, Function<String, LinkState> links, Cause cause) {
        Optional<RouteRuleViolation> violation = RouteRules.checkNewStatic(entries.values(), destination, nextHop, weight,
                gatewayConnections);
        if (violation.isPresent()) {
            return new Decision.Refused(violation.get());
        }
        RouteEntry entry = new RouteEntry(routeId, destination, nextHop, weight, publishToVpc, RouteSource.STATIC,
                propagateToTransitRouter, cause.now());
        return accept(added(entry), links, cause);
    }

    /** REQ-RT-006. */
    public Decision changeWeight(String routeId, Weight weight, Function<String, LinkState> links, Cause cause) {
        return withEntry(routeId, entry -> RouteRules.checkWeightChange(entries.values(), entry, weight)
                .<Decision>map(Decision.Refused::new)
                .orElseGet(() -> entry.weight() == weight ? new Decision.Accepted(List.of(), this)
                        : accept(List.of(new RouteEntryWeightChanged(vpnGatewayId, routeId, entry.destination().toString(),
                                entry.nextHop(), entry.weight().value(), weight.value())), links, cause)));
    }

    /**
     * Deletes a user's route. REQ-RT-008: a policy route with the same destination published to the same VPC is
     * unpublished with it (it stays in the gateway's table).
     */
    public Decision deleteStatic(String routeId, Function<String, LinkState> links, Cause cause) {
        return withEntry(routeId, entry -> RouteRules.checkUserManaged(entry).<Decision>map(Decision.Refused::new)
                .orElseGet(() -> {
                    List<RouteEvent> events = new ArrayList<>();
                    if (entry.publishedToVpc()) {
                        entries.values().stream()
                                .filter(other -> other.source() == RouteSource.POLICY && other.publishedToVpc()
                                        && other.destination().equals(entry.destination()))
                                .forEach(policy -> events.add(unpublished(policy, RouteUnpublishedFromVpc.Cause.DESTINATION_ROUTE_DELETED)));
                    }
                    events.addAll(removed(entry, RouteEntryDeleted.Cause.REQUESTED));
                    return accept(events, links, cause);
                }));
    }

    /** REQ-RT-007: to the VPC's system route table; publishing a published route changes nothing. */
    public Decision publish(String routeId) {
        return withEntry(routeId, entry -> applied(entry.publishedToVpc() ? List.of()
                : List.of(new RoutePublishedToVpc(vpnGatewayId, vpcId, routeId, entry.destination().toString(), wire(entry.source())))));
    }

    public Decision unpublish(String routeId) {
        return withEntry(routeId, entry -> applied(entry.publishedToVpc()
                ? List.of(unpublished(entry, RouteUnpublishedFromVpc.Cause.REQUESTED)) : List.of()));
    }

    /**
     * Brings the routes a connection contributes in line with its configuration: the destination routes of its
     * policy-mode remote CIDRs (REQ-CONN-007), published to the VPC by default, or nothing at all once it is deleted
     * or attached elsewhere (then its user routes go too: their next hop no longer exists here).
     *
     * @param policyCidrs empty unless the connection is in policy mode on this gateway; CIDRs the route rules refuse
     *                    (0.0.0.0/0, the shared address space) are left out rather than failing the whole connection
     */
    public Decision syncConnection(String connectionId, boolean onThisGateway, Collection<Ipv4Cidr> policyCidrs,
            boolean propagateToTransitRouter, Supplier<String> routeIds, Function<String, LinkState> links, Cause cause) {
        List<RouteEvent> events = new ArrayList<>();
        List<Ipv4Cidr> wanted = onThisGateway
                ? policyCidrs.stream().distinct().filter(c -> RouteRules.checkDestination(c).isEmpty()).toList()
                : List.of();
        for (RouteEntry entry : entries.values()) {
            if (!entry.nextHop().equals(connectionId)) {
                continue;
            }
            if (!onThisGateway) {
                events.addAll(removed(entry, RouteEntryDeleted.Cause.CONNECTION_REMOVED));
            } else if (entry.source() == RouteSource.POLICY && !wanted.contains(entry.destination())) {
                events.addAll(removed(entry, RouteEntryDeleted.Cause.CONNECTION_CHANGED));
            }
        }
        for (Ipv4Cidr cidr : wanted) {
            boolean present = entries.values().stream().anyMatch(e -> e.source() == RouteSource.POLICY
                    && e.nextHop().equals(connectionId) && e.destination().equals(cidr));
            if (!present) {
                events.addAll(added(new RouteEntry(routeIds.get(), cidr, connectionId, Weight.ACTIVE, true, RouteSource.POLICY,
                        propagateToTransitRouter, cause.now())));
            }
        }
        return accept(events, links, cause);
    }

    /**
     * Follows bgp-service's best path to one prefix (REQ-AS-002/003): an IPsec path over a connection of this gateway
     * becomes the prefix's single BGP entry, published to the VPC and propagated to the transit router when that
     * connection's REQ-CONN-010 flag says so; a leased-line path or no path at all removes it (the traffic leaves
     * through the leased line, or has no BGP route here). A destination the route rules refuse is ignored.
     */
    public Decision followBgpBest(Ipv4Cidr destination, Optional<String> ipsecConnection, Set<String> gatewayConnections,
            Set<String> propagatingConnections, Supplier<String> routeIds, Function<String, LinkState> links, Cause cause) {
        Optional<String> nextHop = ipsecConnection.filter(gatewayConnections::contains)
                .filter(c -> RouteRules.checkDestination(destination).isEmpty());
        List<RouteEvent> events = new ArrayList<>();
        boolean present = false;
        for (RouteEntry entry : entries.values()) {
            if (entry.source() != RouteSource.BGP || !entry.destination().equals(destination)) {
                continue;
            }
            if (nextHop.isPresent() && entry.nextHop().equals(nextHop.get())) {
                present = true;
            } else {
                events.addAll(removed(entry, RouteEntryDeleted.Cause.BGP_WITHDRAWN));
            }
        }
        if (nextHop.isPresent() && !present) {
            events.addAll(added(new RouteEntry(routeIds.get(), destination, nextHop.get(), Weight.ACTIVE, true, RouteSource.BGP,
                    propagatingConnections.contains(nextHop.get()), cause.now())));
        }
        return accept(events, links, cause);
    }

    /** Re-decides every destination after connection states changed (tunnel or health events). */
    public Decision reselect(Function<String, LinkState> links, Cause cause) {
        return accept(List.of(), links, cause);
    }

    /** The effective routes under the given connection states. */
    public EffectiveRouteTable effective(Function<String, LinkState> links) {
        return EffectiveRouteTable.compute(entries.values(), links);
    }

    /** The fold: the table after one of its events. */
    public RouteTable evolve(RouteEvent event) {
        Map<String, RouteEntry> nextEntries = new LinkedHashMap<>(entries);
        Map<EffectiveKey, InEffect> nextInEffect = new TreeMap<>(inEffect);
        switch (event) {
            case RouteEntryAdded e -> nextEntries.put(e.routeId(), new RouteEntry(e.routeId(), Ipv4Cidr.of(e.destinationCidr()),
                    e.nextHop(), Weight.of(e.weight()).orElseThrow(), false, domain(e.source()), e.propagateToTransitRouter(),
                    e.createdAt()));
            case RouteEntryWeightChanged e -> nextEntries.computeIfPresent(e.routeId(),
                    (id, entry) -> entry.withWeight(Weight.of(e.weight()).orElseThrow()));
            case RouteEntryDeleted e -> nextEntries.remove(e.routeId());
            case RoutePublishedToVpc e -> nextEntries.computeIfPresent(e.routeId(), (id, entry) -> entry.withPublishedToVpc(true));
            case RouteUnpublishedFromVpc e -> nextEntries.computeIfPresent(e.routeId(), (id, entry) -> entry.withPublishedToVpc(false));
            case ActiveRouteSwitched e -> {
                EffectiveKey key = new EffectiveKey(domain(e.source()), Ipv4Cidr.of(e.destinationCidr()));
                e.to().ifPresentOrElse(
                        to -> nextInEffect.put(key, new InEffect(to.routeId(), to.nextHop(), Weight.of(to.weight()).orElseThrow())),
                        () -> nextInEffect.remove(key));
            }
        }
        return new RouteTable(vpnGatewayId, vpcId, nextEntries, nextInEffect);
    }

    public RouteTable evolve(List<? extends RouteEvent> events) {
        RouteTable table = this;
        for (RouteEvent event : events) {
            table = table.evolve(event);
        }
        return table;
    }

    private Decision withEntry(String routeId, Function<RouteEntry, Decision> decide) {
        RouteEntry entry = entries.get(routeId);
        if (entry == null) {
            return new Decision.Refused(new RouteRuleViolation(RouteRuleViolation.Kind.NOT_FOUND, "NotFound.Route", "routeId",
                    "route " + routeId + " does not exist on VPN gateway " + vpnGatewayId));
        }
        return decide.apply(entry);
    }

    private Decision applied(List<RouteEvent> events) {
        return new Decision.Accepted(events, evolve(events));
    }

    private Decision accept(List<RouteEvent> events, Function<String, LinkState> links, Cause cause) {
        RouteTable after = evolve(events);
        List<RouteEvent> all = new ArrayList<>(events);
        for (EffectiveRouteTable.Change change : after.effective(links).changesSince(after.inEffect)) {
            all.add(new ActiveRouteSwitched(vpnGatewayId, wire(change.key().source()), change.key().destination().toString(),
                    change.from().map(f -> new RouteRef(f.routeId(), f.nextHop(), f.weight().value())),
                    change.to().map(t -> new RouteRef(t.entry().routeId(), t.entry().nextHop(), t.entry().weight().value())),
                    change.to().map(t -> t.reason().name()).orElse("WITHDRAWN"),
                    cause.eventId(), cause.eventType(), cause.observedAt(), cause.now()));
        }
        return new Decision.Accepted(all, evolve(all));
    }

    private List<RouteEvent> added(RouteEntry entry) {
        List<RouteEvent> events = new ArrayList<>();
        events.add(new RouteEntryAdded(vpnGatewayId, entry.routeId(), entry.destination().toString(), RouteEntry.NEXT_HOP_TYPE,
                entry.nextHop(), entry.weight().value(), entry.publishedToVpc(), wire(entry.source()),
                entry.propagateToTransitRouter(), entry.createdAt()));
        if (entry.publishedToVpc()) {
            events.add(new RoutePublishedToVpc(vpnGatewayId, vpcId, entry.routeId(), entry.destination().toString(), wire(entry.source())));
        }
        return events;
    }

    private List<RouteEvent> removed(RouteEntry entry, RouteEntryDeleted.Cause why) {
        List<RouteEvent> events = new ArrayList<>();
        if (entry.publishedToVpc()) {
            events.add(unpublished(entry, RouteUnpublishedFromVpc.Cause.ROUTE_DELETED));
        }
        events.add(new RouteEntryDeleted(vpnGatewayId, entry.routeId(), entry.destination().toString(), entry.nextHop(),
                wire(entry.source()), why));
        return events;
    }

    private RouteUnpublishedFromVpc unpublished(RouteEntry entry, RouteUnpublishedFromVpc.Cause why) {
        return new RouteUnpublishedFromVpc(vpnGatewayId, vpcId, entry.routeId(), entry.destination().toString(),
                wire(entry.source()), why);
    }

    static io.vpnplane.events.routing.RouteSource wire(RouteSource source) {
        return io.vpnplane.events.routing.RouteSource.valueOf(source.name());
    }

    static RouteSource domain(io.vpnplane.events.routing.RouteSource source) {
        return RouteSource.valueOf(source.name());
    }
}
