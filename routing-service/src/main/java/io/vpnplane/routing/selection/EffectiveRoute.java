package io.vpnplane.routing.selection;

import java.util.List;

import io.vpnplane.routing.address.Ipv4Cidr;
import io.vpnplane.routing.table.RouteEntry;
import io.vpnplane.routing.table.RouteSource;

/** The entry in effect for one destination of one source, why, and the entries it stands in front of. */
public record EffectiveRoute(RouteSource source, Ipv4Cidr destination, RouteEntry entry, SelectionReason reason,
        List<RouteEntry> notInEffect) {
}
