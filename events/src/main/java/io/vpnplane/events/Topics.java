package io.vpnplane.events;

import java.util.List;

/**
 * The Kafka topics of vpnplane. They mirror {@code deploy/local/topics.conf}, the contract the deployment creates
 * (TopicsTest fails when the two disagree). The key of every record is the aggregate id, so one aggregate's events
 * stay in order.
 */
public final class Topics {

    public static final String CUSTOMER_GATEWAYS = "vpn.customer-gateways";
    public static final String VPN_GATEWAYS = "vpn.vpn-gateways";
    public static final String CONNECTIONS = "vpn.connections";
    /** Neutron VPNaaS IKE policies, IPsec policies and endpoint groups (issue 10). */
    public static final String IKE_POLICIES = "vpn.ike-policies";
    public static final String IPSEC_POLICIES = "vpn.ipsec-policies";
    public static final String ENDPOINT_GROUPS = "vpn.endpoint-groups";
    public static final String TUNNELS = "vpn.tunnels";
    /** Compacted, key = tunnel id: the desired configuration of each tunnel, for the gateway agents. */
    public static final String AGENT_CONFIG = "vpn.agent-config";
    public static final String AGENT_STATUS = "vpn.agent-status";
    /** Compacted, key = gateway node id. */
    public static final String AGENT_HEARTBEATS = "vpn.agent-heartbeats";
    public static final String HEALTH = "vpn.health";
    public static final String BGP = "vpn.bgp";
    public static final String ROUTES = "vpn.routes";
    /** The route entry in effect per VPN gateway, source and destination, as compacted current state (agents replay it). */
    public static final String ACTIVE_ROUTES = "vpn.active-routes";
    /** Operational events of the platform itself (e.g. a read model was rebuilt). */
    public static final String PLATFORM = "vpn.platform";

    private static final List<String> ALL = List.of(CUSTOMER_GATEWAYS, VPN_GATEWAYS, CONNECTIONS, IKE_POLICIES,
            IPSEC_POLICIES, ENDPOINT_GROUPS, TUNNELS, AGENT_CONFIG,
            AGENT_STATUS, AGENT_HEARTBEATS, HEALTH, BGP, ROUTES, ACTIVE_ROUTES, PLATFORM);

    private Topics() {
    }

    /** Every topic name above. */
    public static List<String> all() {
        return ALL;
    }
}
