package io.vpnplane.events.bgp;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * bgp-service's decisions about which BGP sessions exist (one per BGP-enabled tunnel, REQ-TUN-008/010, and the
 * leased-line sessions operators define): key and subject = the session id, so a gateway agent that runs sessions
 * reads one session's configuration in order.
 */
@EventTopic(Topics.BGP)
public sealed interface BgpSessionEvent permits BgpSessionConfigured, BgpSessionRemoved {
    String sessionId();
}
