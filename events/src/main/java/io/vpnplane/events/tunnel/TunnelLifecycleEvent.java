package io.vpnplane.events.tunnel;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * tunnel-service's decisions about one tunnel (placement, configuration confirmed, deletion), topic {@code vpn.tunnels}
 * beside {@link TunnelStatusChanged}, Kafka key and {@code ce_subject} = the tunnel id, {@code ce_account} = the
 * connection's account.
 */
@EventTopic(Topics.TUNNELS)
public sealed interface TunnelLifecycleEvent permits TunnelPlaced, TunnelPlacementPending, TunnelConfigConfirmed,
        TunnelDeletionStarted, TunnelDeleted {

    String tunnelId();

    String connectionId();
}
