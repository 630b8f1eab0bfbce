package io.vpnplane.events;

import io.vpnplane.events.bgp.BgpBestRouteEvent;
import io.vpnplane.events.bgp.BgpObservation;
import io.vpnplane.events.platform.PlatformEvent;

/**
 * Every event family of the public contract. Add your sealed family interface here when you add one: the schema
 * compatibility test checks every type listed, and services use this registry by default.
 */
public final class EventCatalog {

    private static final EventTypes ALL = EventTypes.of(
            PlatformEvent.class,
            BgpObservation.class,
            BgpBestRouteEvent.class);

    private EventCatalog() {
    }

    /** The registry of every published event type. */
    public static EventTypes all() {
        return ALL;
    }
}
