package io.vpnplane.routing.selection;

import java.util.Collection;

/**
 * Whether a connection can carry traffic, as REQ-RT-005 defines it: up when negotiated AND its health
 * check passes. A connection nobody has reported on yet is down: "up" must be observed.
 */
public enum LinkState {
    UP,
    DOWN;

    /** What the agent last reported about one tunnel of the connection. */
    public record TunnelObservation(boolean negotiated, boolean healthCheckFailing, boolean switchRoute) {

        /** With switchRoute=false (REQ-TUN-011, policy reserve_route) a failing check does not count against the tunnel. */
        public boolean carriesTraffic() {
            return negotiated && !(healthCheckFailing && switchRoute);
        }
    }

    /** A dual-tunnel connection is up while either tunnel carries traffic (REQ-TUN-013). */
    public static LinkState ofTunnels(Collection<TunnelObservation> tunnels) {
        return tunnels.stream().anyMatch(TunnelObservation::carriesTraffic) ? UP : DOWN;
    }
}
