package io.vpnplane.events;

import io.vpnplane.events.agentconfig.AgentConfigEvent;
import io.vpnplane.events.agentstatus.AgentStatusEvent;
import io.vpnplane.events.bgp.BgpBestRouteEvent;
import io.vpnplane.events.bgp.BgpObservation;
import io.vpnplane.events.bgp.BgpSessionEvent;
import io.vpnplane.events.connection.CustomerGatewayEvent;
import io.vpnplane.events.connection.EndpointGroupEvent;
import io.vpnplane.events.connection.IkePolicyEvent;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecPolicyEvent;
import io.vpnplane.events.connection.VpnGatewayEvent;
import io.vpnplane.events.health.HealthEvent;
import io.vpnplane.events.node.GatewayNodeEvent;
import io.vpnplane.events.platform.PlatformEvent;
import io.vpnplane.events.routing.ActiveRouteState;
import io.vpnplane.events.routing.RouteEvent;
import io.vpnplane.events.tunnel.TunnelEvent;
import io.vpnplane.events.tunnel.TunnelLifecycleEvent;

/**
 * Every event family of the public contract. Add your sealed family interface here when you add one: the schema
 * compatibility test checks every type listed, and services use this registry by default.
 */
public final class EventCatalog {

    private static final EventTypes ALL = EventTypes.of(
            PlatformEvent.class,
            CustomerGatewayEvent.class,
            VpnGatewayEvent.class,
            IpsecConnectionEvent.class,
            IkePolicyEvent.class,
            IpsecPolicyEvent.class,
            EndpointGroupEvent.class,
            RouteEvent.class,
            ActiveRouteState.class,
            TunnelEvent.class,
            HealthEvent.class,
            TunnelLifecycleEvent.class,
            GatewayNodeEvent.class,
            AgentStatusEvent.class,
            AgentConfigEvent.class,
            BgpObservation.class,
            BgpBestRouteEvent.class,
            BgpSessionEvent.class);

    private EventCatalog() {
    }

    /** The registry of every published event type. */
    public static EventTypes all() {
        return ALL;
    }
}
