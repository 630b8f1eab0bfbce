package io.vpnplane.routing.selection;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import io.vpnplane.routing.table.RouteEntry;
import io.vpnplane.routing.table.Weight;

/**
 * Picks the entry in effect among the entries of one destination and one source (REQ-RT-005):
 * <ol>
 * <li>the active route's connection is up → the active route;</li>
 * <li>the active route's connection is down and the standby's is up → the standby;</li>
 * <li>both down → the active route.</li>
 * </ol>
 * Several entries of equal weight only occur among system routes (two policy-mode connections with the
 * same remote CIDR); they are tried oldest first, so the choice is stable.
 */
public final class ActiveStandbySelector {

    /** Actives before standbys, then oldest first; the order that makes "first" in every rule well defined. */
    static final Comparator<RouteEntry> PREFERENCE = Comparator.comparing(RouteEntry::weight)
            .thenComparing(RouteEntry::createdAt)
            .thenComparing(RouteEntry::routeId);

    private ActiveStandbySelector() {
    }

    public record Selection(RouteEntry entry, SelectionReason reason) {
    }

    /** {@code entries} is non-empty and shares one destination and source. */
    public static Selection select(List<RouteEntry> entries, Function<String, LinkState> linkOfConnection) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no entries to select from");
        }
        List<RouteEntry> ordered = entries.stream().sorted(PREFERENCE).toList();
        if (ordered.size() == 1) {
            return new Selection(ordered.getFirst(), SelectionReason.ONLY_ENTRY);
        }
        boolean anyActive = ordered.getFirst().weight() == Weight.ACTIVE;
        for (RouteEntry entry : ordered) {
            if (linkOfConnection.apply(entry.nextHop()) == LinkState.UP) {
                boolean isActive = entry.weight() == Weight.ACTIVE;
                return new Selection(entry, isActive || !anyActive ? SelectionReason.ACTIVE_UP : SelectionReason.STANDBY_TAKES_OVER);
            }
        }
        return new Selection(ordered.getFirst(), SelectionReason.BOTH_DOWN_ACTIVE_KEPT);
    }
}
