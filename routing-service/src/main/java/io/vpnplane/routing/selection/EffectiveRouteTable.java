package io.vpnplane.routing.selection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import io.vpnplane.routing.address.Ipv4Address;
import io.vpnplane.routing.address.Ipv4Cidr;
import io.vpnplane.routing.lpm.PrefixTable;
import io.vpnplane.routing.table.RouteEntry;
import io.vpnplane.routing.table.RouteSource;

/**
 * The routes of one VPN gateway that forwarding actually uses: per source and destination the entry
 * {@link ActiveStandbySelector} picks, and a longest-prefix-match table per source. Lookups try the
 * sources in REQ-X-001 order (policy, static, BGP) and use the longest match of the first source that
 * has one (REQ-RT-004).
 */
public final class EffectiveRouteTable {

    private static final Comparator<EffectiveRoute> ORDER = Comparator.comparing(EffectiveRoute::source)
            .thenComparing(EffectiveRoute::destination);

    private final List<EffectiveRoute> routes;
    private final Map<RouteSource, PrefixTable<EffectiveRoute>> bySource;

    private EffectiveRouteTable(List<EffectiveRoute> routes) {
        this.routes = List.copyOf(routes);
        Map<RouteSource, PrefixTable<EffectiveRoute>> tables = new EnumMap<>(RouteSource.class);
        for (RouteSource source : RouteSource.values()) {
            Map<Ipv4Cidr, EffectiveRoute> ofSource = new LinkedHashMap<>();
            routes.stream().filter(r -> r.source() == source).forEach(r -> ofSource.put(r.destination(), r));
            tables.put(source, PrefixTable.of(ofSource));
        }
        this.bySource = tables;
    }

    public static EffectiveRouteTable compute(Collection<RouteEntry> entries, Function<String, LinkState> linkOfConnection) {
        record Key(RouteSource source, Ipv4Cidr destination) {
        }
        Map<Key, List<RouteEntry>> groups = new LinkedHashMap<>();
        for (RouteEntry entry : entries) {
            groups.computeIfAbsent(new Key(entry.source(), entry.destination()), k -> new ArrayList<>()).add(entry);
        }
        List<EffectiveRoute> routes = new ArrayList<>(groups.size());
        groups.forEach((key, group) -> {
            var selection = ActiveStandbySelector.select(group, linkOfConnection);
            List<RouteEntry> others = group.stream().filter(e -> e != selection.entry())
                    .sorted(ActiveStandbySelector.PREFERENCE).toList();
            routes.add(new EffectiveRoute(key.source(), key.destination(), selection.entry(), selection.reason(), others));
        });
        routes.sort(ORDER);
        return new EffectiveRouteTable(routes);
    }

    public List<EffectiveRoute> routes() {
        return routes;
    }

    /** The entry forwarding uses for {@code destination}, with the sources that had no match before it. */
    public Optional<Lookup> lookup(Ipv4Address destination) {
        List<RouteSource> skipped = new ArrayList<>();
        for (RouteSource source : RouteSource.values()) {
            var match = bySource.get(source).lookup(destination);
            if (match.isPresent()) {
                return Optional.of(new Lookup(match.get().value(), List.copyOf(skipped)));
            }
            skipped.add(source);
        }
        return Optional.empty();
    }

    public record Lookup(EffectiveRoute route, List<RouteSource> sourcesWithoutMatch) {
    }

    /** A change of the entry in effect for one destination; absent from/to means it starts/stops having one. */
    public record Change(EffectiveKey key, Optional<InEffect> from, Optional<EffectiveRoute> to) {
    }

    /**
     * What changed since the entries last announced as in effect: destinations whose entry in effect is another
     * entry (by route id and next hop), appeared or disappeared. Reweighting or republishing the same entry is no
     * change, so replaying the same observations yields nothing.
     */
    public List<Change> changesSince(Map<EffectiveKey, InEffect> announced) {
        Map<EffectiveKey, InEffect> remaining = new TreeMap<>(announced);
        List<Change> changes = new ArrayList<>();
        for (EffectiveRoute now : routes) {
            EffectiveKey key = new EffectiveKey(now.source(), now.destination());
            InEffect was = remaining.remove(key);
            if (was == null || !was.routeId().equals(now.entry().routeId()) || !was.nextHop().equals(now.entry().nextHop())) {
                changes.add(new Change(key, Optional.ofNullable(was), Optional.of(now)));
            }
        }
        remaining.forEach((key, gone) -> changes.add(new Change(key, Optional.of(gone), Optional.empty())));
        changes.sort(Comparator.comparing(Change::key));
        return changes;
    }

    /** The entries in effect now, as they would be announced. */
    public Map<EffectiveKey, InEffect> inEffect() {
        Map<EffectiveKey, InEffect> out = new TreeMap<>();
        routes.forEach(r -> out.put(new EffectiveKey(r.source(), r.destination()), InEffect.of(r.entry())));
        return out;
    }

}
