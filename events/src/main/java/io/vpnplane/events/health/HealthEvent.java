package io.vpnplane.events.health;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * Health-check events of one tunnel (REQ-TUN-011), topic {@code vpn.health}, Kafka key and {@code ce_subject} = the
 * tunnel id, {@code ce_account} = the connection's account.
 */
@EventTopic(Topics.HEALTH)
public sealed interface HealthEvent permits HealthCheckStatusChanged {

    String tunnelId();
}
