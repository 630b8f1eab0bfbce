package io.vpnplane.events.platform;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.Topics;

/** Operational events of the platform itself, published on {@link Topics#PLATFORM}; the subject is the service name. */
@EventTopic(Topics.PLATFORM)
public sealed interface PlatformEvent permits ProjectionRebuilt {
}
