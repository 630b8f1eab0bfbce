package io.vpnplane.routing.selection;

import io.vpnplane.routing.table.RouteEntry;
import io.vpnplane.routing.table.Weight;

/** The entry last announced as in effect for a destination (by {@code ActiveRouteSwitched}). */
public record InEffect(String routeId, String nextHop, Weight weight) {

    public static InEffect of(RouteEntry entry) {
        return new InEffect(entry.routeId(), entry.nextHop(), entry.weight());
    }
}
