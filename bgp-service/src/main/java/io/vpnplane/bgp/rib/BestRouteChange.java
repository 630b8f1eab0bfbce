package io.vpnplane.bgp.rib;

/** What routing-service must learn about one prefix after a RIB update. */
public sealed interface BestRouteChange {

    Ipv4Prefix prefix();

    /** The prefix has a (new) best path. */
    record Selected(Ipv4Prefix prefix, LearnedRoute best) implements BestRouteChange {
    }

    /** No session has a path to the prefix any more. */
    record Removed(Ipv4Prefix prefix) implements BestRouteChange {
    }
}
