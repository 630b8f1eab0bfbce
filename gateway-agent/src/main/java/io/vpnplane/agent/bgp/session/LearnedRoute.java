package io.vpnplane.agent.bgp.session;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.message.PathAttributes;

/** A route in a session's Adj-RIB-In. Routes from one UPDATE share their attributes object. */
public record LearnedRoute(Ipv4Prefix prefix, PathAttributes attributes) {
}
