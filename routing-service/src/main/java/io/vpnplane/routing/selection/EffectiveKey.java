package io.vpnplane.routing.selection;

import io.vpnplane.routing.address.Ipv4Cidr;
import io.vpnplane.routing.table.RouteSource;

/** One destination of one source: the unit that has exactly one entry in effect. */
public record EffectiveKey(RouteSource source, Ipv4Cidr destination) implements Comparable<EffectiveKey> {

    @Override
    public int compareTo(EffectiveKey other) {
        int bySource = source.compareTo(other.source);
        return bySource != 0 ? bySource : destination.compareTo(other.destination);
    }
}
