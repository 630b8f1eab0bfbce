package io.vpnplane.events.bgp;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/**
 * What a gateway agent observes of one BGP session it runs (REQ-GW-003), published on {@link Topics#BGP} with the
 * session id as key and subject, so one session's observations stay in order.
 */
@EventTopic(Topics.BGP)
public sealed interface BgpObservation permits BgpSessionStateObserved, BgpRoutesLearned, BgpRoutesWithdrawn {

    String sessionId();
}
