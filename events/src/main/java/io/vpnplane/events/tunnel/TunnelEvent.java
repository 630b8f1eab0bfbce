package io.vpnplane.events.tunnel;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * Events about one tunnel, topic {@code vpn.tunnels}, Kafka key and {@code ce_subject} = the tunnel id (the id
 * connection-service gives each tunnel of a connection), {@code ce_account} = the connection's account.
 */
@EventTopic(Topics.TUNNELS)
public sealed interface TunnelEvent permits TunnelStatusChanged {

    String tunnelId();
}
