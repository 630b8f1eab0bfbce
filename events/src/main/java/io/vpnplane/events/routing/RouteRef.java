package io.vpnplane.events.routing;

/**
 * One route entry, as named in {@link ActiveRouteSwitched}.
 *
 * @param routeId the entry
 * @param nextHop the IPsec connection id it forwards to
 * @param weight  100 active, 0 standby
 */
public record RouteRef(String routeId, String nextHop, int weight) {
}
